package dev.annals.core;

import java.util.Objects;
import java.util.Set;

/**
 * Who sent a command, as a domain sees it: the authenticated subject and its roles. A plain value, not a security
 * framework's type, so a decider can use it ("only the owner or a teller may withdraw") and stay free of them.
 * The gateway fills it into a command's {@link ServerGenerated} {@code Caller} component, so it is fixed in the
 * command and the decision replays the same way.
 *
 * @param subject the token's subject: the same person is the same subject every time
 * @param roles   the roles the token grants
 */
public record Caller(String subject, Set<String> roles) {

    public Caller {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a caller has a subject");
        }
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
