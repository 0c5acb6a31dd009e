package dev.annals.security;

import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.security.AuthProblems.Refusal;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * The bearer-token check of routes on Quarkus's management interface (its own port), such as the projections'
 * admin endpoints: the same token, verified by the same SmallRye JWT settings, with the same refusals as {@link
 * BearerAuthentication} gives the API — but Quarkus REST's filters do not run there, so the routes ask here.
 */
@ApplicationScoped
public class ManagementAuthentication {

    private static final Logger LOG = Logger.getLogger(ManagementAuthentication.class);

    private final JWTParser tokens;
    private final SecurityConfig config;
    private final TokenTimes times;

    ManagementAuthentication(JWTParser tokens, SecurityConfig config, TokenTimes times) {
        this.tokens = tokens;
        this.config = config;
        this.times = times;
    }

    /**
     * Empty for a valid token with {@code role}, else the refusal: 401 without a valid token, 403 without the role.
     * Blocking: verifying may fetch the issuer's keys.
     */
    public Optional<Refusal> requireRole(String authorization, String role) {
        Optional<Refusal> unreadable = AuthProblems.unreadable(authorization, config.maxTokenSize());
        if (unreadable.isPresent()) {
            return unreadable;
        }
        JsonWebToken token;
        try {
            token = tokens.parse(AuthProblems.token(authorization));
        } catch (ParseException e) {
            // why exactly is for the log, not for a caller probing tokens
            LOG.debugf("a bearer token was refused on the management interface: %s", e.toString());
            return Optional.of(AuthProblems.tokenNotAccepted());
        }
        if (!times.acceptable(token)) {
            LOG.debugf("a bearer token was refused on the management interface: issued in the future or valid for"
                    + " too long from now");
            return Optional.of(AuthProblems.tokenNotAccepted());
        }
        if (!CommandEnvelope.isValidPrincipal(token.getSubject())) {
            return Optional.of(AuthProblems.unusableSubject());
        }
        if (!token.getGroups().contains(role)) {
            return Optional.of(AuthProblems.forbiddenRefusal("this endpoint needs the role " + role));
        }
        return Optional.empty();
    }
}
