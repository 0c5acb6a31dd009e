package dev.annals.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Arrays;
import java.util.Locale;

/**
 * Every REST endpoint of the service needs a valid bearer token: before the endpoint runs, the token is verified
 * (by SmallRye JWT: signature, issuer, audience, expiry), an endpoint's own {@code @RolesAllowed} is enforced,
 * and a read is checked against its route's rule. A command
 * is checked against its own rule where its type and name are known, in the command dispatcher, which every
 * command endpoint goes through. Nothing of the request is looked at, and nothing waits on Kafka or the database,
 * before the caller is known.
 *
 * <p>Authentication runs here rather than proactively in the HTTP layer (the application sets
 * {@code quarkus.http.auth.proactive=false}) so that every refusal is a problem document with its reason.
 */
public class BearerAuthentication {

    private static final Logger LOG = Logger.getLogger(BearerAuthentication.class);

    private final CurrentIdentityAssociation identities;
    private final AccessRules rules;
    private final SecurityConfig config;
    private final TokenTimes times;

    BearerAuthentication(CurrentIdentityAssociation identities, AccessRules rules, SecurityConfig config,
                         TokenTimes times) {
        this.identities = identities;
        this.rules = rules;
        this.config = config;
        this.times = times;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        var unreadable = AuthProblems.unreadable(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                config.maxTokenSize());
        if (unreadable.isPresent()) {
            return Uni.createFrom().item(AuthProblems.respond(unreadable.get()));
        }
        return identities.getDeferredIdentity()
                .map(identity -> decide(identity, request, resource))
                .onFailure().recoverWithItem(failure -> {
                    // why exactly is for the log, not for a caller probing tokens
                    LOG.debugf("a bearer token was refused: %s", failure.toString());
                    return AuthProblems.respond(AuthProblems.tokenNotAccepted());
                });
    }

    /** An endpoint's own {@code @RolesAllowed} (the method's, else its class's), such as the admin endpoints'. */
    private static RolesAllowed rolesAllowed(ResourceInfo resource) {
        RolesAllowed onMethod = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RolesAllowed.class);
    }

    /** Null (go on) for a caller that may, else the refusal. */
    private Response decide(SecurityIdentity identity, ContainerRequestContext request, ResourceInfo resource) {
        if (identity.isAnonymous()) {
            return AuthProblems.invalid("INVALID_TOKEN", "the bearer token was not accepted");
        }
        if (identity.getPrincipal() instanceof JsonWebToken token && !times.acceptable(token)) {
            LOG.debugf("a bearer token was refused: issued in the future or valid for too long from now");
            return AuthProblems.respond(AuthProblems.tokenNotAccepted());
        }
        if (Callers.of(identity).isEmpty()) {
            return AuthProblems.respond(AuthProblems.unusableSubject());
        }
        RolesAllowed endpointRoles = rolesAllowed(resource);
        if (endpointRoles != null && Arrays.stream(endpointRoles.value()).noneMatch(identity::hasRole)) {
            return AuthProblems.forbidden("this endpoint needs one of the roles "
                    + Arrays.toString(endpointRoles.value()));
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            String route = ReadRoutes.of(resource, request.getUriInfo().getPathParameters());
            if (!rules.mayRead(identity, route)) {
                return AuthProblems.forbidden("reading " + route + " needs one of the roles "
                        + rules.readRoles(route));
            }
        }
        return null;
    }
}
