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
     * The caller behind {@code identity}, or empty when its token has no subject Annals can record (none, longer
     * than {@value CommandEnvelope#MAX_PRINCIPAL_LENGTH} characters, or with control characters).
     *
     * <p>Only {@code sub} is taken. The principal's name would fall back to {@code upn} or
     * {@code preferred_username} when {@code sub} is missing: display names that some identity providers let a
     * user change, so one person could act as another by renaming herself.
     */
    public static Optional<Caller> of(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        String subject = token.getSubject();
        return CommandEnvelope.isValidPrincipal(subject)
                ? Optional.of(new Caller(subject, identity.getRoles())) : Optional.empty();
    }
}
