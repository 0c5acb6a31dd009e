package dev.annals.query.access;

import dev.annals.core.AggregateTypes;
import dev.annals.core.Caller;
import dev.annals.core.problem.Problem;
import dev.annals.query.consistency.ConsistencyParams;
import dev.annals.query.consistency.ReadModel;
import dev.annals.query.consistency.ReadYourWrites;
import dev.annals.query.web.Printable;
import dev.annals.query.web.ProblemException;
import dev.annals.query.web.ProblemMappers;
import dev.annals.security.AccessRules;
import dev.annals.security.AuthProblems;
import dev.annals.security.Callers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The read side's one access rule, applied to every GET route before it runs, as its {@link ReadAccess} declares:
 * staff of the model's types read everything; anyone else the items she owns, or the items of a shared model. An
 * item she may not read is answered as one that does not exist (404), so that an id tells nothing; a listing of
 * every item is refused (403), since that a route exists is no secret.
 *
 * <p>Whose an item is is looked up after the request's consistency token is waited for, so that a caller reading
 * her own write finds it hers; the endpoint then waits for its own model, at once. Staff and shared reads cost no
 * look-up at all. It runs after {@code BearerAuthentication} (the token, the route's role rule) and before the
 * endpoint, which is why it is a filter and not a call each endpoint makes: an event stream cannot answer a
 * problem once it has begun.
 */
public class ReadAccessFilter {

    /** Longer than any id or user a read model keys by (aggregate ids: 128, principals: 255). */
    private static final int MAX_KEY_LENGTH = 256;

    private final CurrentIdentityAssociation identities;
    private final AccessRules rules;
    private final ReadModels models;
    private final ItemOwners owners;
    private final ReadYourWrites readYourWrites;
    private final AggregateTypes types;

    ReadAccessFilter(CurrentIdentityAssociation identities, AccessRules rules, ReadModels models, ItemOwners owners,
                     ReadYourWrites readYourWrites, AggregateTypes types) {
        this.identities = identities;
        this.rules = rules;
        this.models = models;
        this.owners = owners;
        this.readYourWrites = readYourWrites;
        this.types = types;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> authorize(ContainerRequestContext request, ResourceInfo resource) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            return Uni.createFrom().nullItem();
        }
        ReadAccess access = resource.getResourceMethod().getAnnotation(ReadAccess.class);
        if (access == null) { // ReadAccessCheck stops a service with such a route from starting
            return Uni.createFrom().item(AuthProblems.forbidden("this route does not say who may read it"));
        }
        ReadModel model = models.named(access.model()).orElseThrow(() -> new IllegalStateException(
                "no read model " + access.model() + " is declared"));
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        Optional<String> type = typeOf(model, path);
        if (type.isEmpty()) { // an unknown {type}: the endpoint answers 404 UNKNOWN_TYPE, to anyone
            return Uni.createFrom().nullItem();
        }
        Set<String> readTypes = model.readsEveryType() ? Set.of(type.get()) : model.types();
        return identities.getDeferredIdentity()
                .chain(identity -> decide(identity, access, model, readTypes, type.get(), request))
                .onFailure(ProblemException.class).recoverWithItem(failure ->
                        new ProblemMappers().problem((ProblemException) failure))
                .onFailure().recoverWithItem(failure -> new ProblemMappers().unexpected(failure));
    }

    /** Null (go on) for a caller who may, else the answer. */
    private Uni<Response> decide(SecurityIdentity identity, ReadAccess access, ReadModel model, Set<String> readTypes,
                                 String type, ContainerRequestContext request) {
        if (rules.isStaff(identity, readTypes) || model.ownership() instanceof Ownership.Shared) {
            return Uni.createFrom().nullItem();
        }
        if (access.item().isEmpty()) {
            return Uni.createFrom().item(AuthProblems.forbidden("reading every " + String.join(", ", readTypes)
                    + " is for its staff: " + staffOf(readTypes)));
        }
        Optional<Caller> caller = Callers.of(identity);
        String key = request.getUriInfo().getPathParameters().getFirst(access.item());
        if (caller.isEmpty() || !isLookupable(key)) {
            // nobody owns what could not be stored, and the look-up would fail, not miss (PostgreSQL text has no
            // U+0000)
            return Uni.createFrom().item(notFound(access, type, key));
        }
        String subject = caller.get().subject();
        return switch (model.ownership()) {
            case Ownership.Key ignored -> Uni.createFrom().item(key.equals(subject) ? null
                    : notFound(access, type, key));
            case Ownership.Nobody ignored -> Uni.createFrom().item(notFound(access, type, key));
            case Ownership.Shared ignored -> Uni.createFrom().nullItem();
            case Ownership.Column ignored -> ownedBy(subject, access, model, type, key, request);
            case Ownership.Aggregate ignored -> ownedBy(subject, access, model, type, key, request);
        };
    }

    /** Waits for the request's token, then goes on if the item is the caller's, else answers it does not exist. */
    private Uni<Response> ownedBy(String subject, ReadAccess access, ReadModel model, String type, String key,
                                  ContainerRequestContext request) {
        return readYourWrites.await(model, consistency(request))
                .chain(() -> owners.ownerOf(model, type, key))
                .map(owner -> owner.filter(subject::equals).isPresent() ? null : notFound(access, type, key));
    }

    private static boolean isLookupable(String key) {
        return key != null && !key.isBlank() && key.length() <= MAX_KEY_LENGTH && key.indexOf('\u0000') < 0;
    }

    /** The aggregate type a route of every type reads ({@code {type}}), if it is one; the model's otherwise. */
    private Optional<String> typeOf(ReadModel model, MultivaluedMap<String, String> path) {
        if (!model.readsEveryType()) {
            return Optional.of(model.types().iterator().next());
        }
        return Optional.ofNullable(path.getFirst("type")).filter(name -> types.find(name).isPresent());
    }

    private String staffOf(Set<String> readTypes) {
        var roles = readTypes.stream().flatMap(each -> rules.staffRoles(each).stream()).sorted().toList();
        return roles.isEmpty() ? "no role is (annals.security.staff)" : "one of the roles " + roles;
    }

    /** The request's consistency token, as the endpoint takes it ({@link ConsistencyParams}). */
    private static ConsistencyParams consistency(ContainerRequestContext request) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        String token = query.containsKey(ConsistencyParams.QUERY)
                ? Optional.ofNullable(query.getFirst(ConsistencyParams.QUERY)).orElse("") : null;
        return ConsistencyParams.of(request.getHeaderString(ConsistencyParams.HEADER), token);
    }

    /**
     * The answer to an item the caller may not read: the route's own 404 for one that does not exist, word for word,
     * so that it cannot be told apart.
     */
    static Response notFound(ReadAccess access, String type, String key) {
        return ProblemMappers.respond(Problem.of(404, "Not Found", access.notFound(),
                "there is no " + noun(access.notFound(), type) + " " + Printable.of(key)));
    }

    /** {@code ACCOUNT_NOT_FOUND} → {@code account}; {@code AGGREGATE_NOT_FOUND} → the aggregate type. */
    static String noun(String code, String type) {
        String words = code.endsWith("_NOT_FOUND") ? code.substring(0, code.length() - "_NOT_FOUND".length()) : code;
        return words.equals("AGGREGATE") ? type : words.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
