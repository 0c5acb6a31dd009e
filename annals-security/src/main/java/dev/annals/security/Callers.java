package dev.annals.security;

import dev.annals.core.Caller;
import dev.annals.core.envelope.CommandEnvelope;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/** The authenticated caller as Annals records it: the token's subject ({@code sub}) and its roles. */
public final class Callers {

    private Callers() {
    }

    /**
     * The caller behind {@code identity}, or empty when it has no subject Annals can record (none, longer than
     * {@value CommandEnvelope#MAX_PRINCIPAL_LENGTH} characters, or with control characters).
     */
    public static Optional<Caller> of(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            return Optional.empty();
        }
        // the subject, not the display name (upn, preferred_username): it is what stays the same for one person
        String subject = identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                ? token.getSubject() : identity.getPrincipal().getName();
        return CommandEnvelope.isValidPrincipal(subject)
                ? Optional.of(new Caller(subject, identity.getRoles())) : Optional.empty();
    }
}
