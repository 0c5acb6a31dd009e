package dev.annals.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus Security's own refusals (an endpoint's {@code @RolesAllowed}, such as the admin endpoints') as the same
 * problem documents {@link BearerAuthentication} answers with.
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception) {
        return AuthProblems.forbidden("this endpoint needs a role the token does not grant");
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException exception) {
        return AuthProblems.missing(AuthProblems.TOKEN_NEEDED);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException exception) {
        return AuthProblems.invalid("INVALID_TOKEN", "the bearer token was not accepted");
    }
}
