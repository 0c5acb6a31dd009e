package dev.annals.query.state;

import dev.annals.core.AggregateId;
import dev.annals.core.AggregateType;
import dev.annals.query.api.AggregatePath;
import dev.annals.query.api.DomainValues;
import dev.annals.query.consistency.ConsistencyParams;
import dev.annals.query.consistency.ReadYourWrites;
import dev.annals.query.journal.Journal;
import dev.annals.query.journal.TimeTravel;
import dev.annals.query.web.Conditional;
import dev.annals.query.web.PageLinks;
import dev.annals.query.web.ProblemException;
import dev.annals.query.web.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Optional;

/**
 * An aggregate's state: now, from the aggregate-state projection, or as of a version ({@code ?atVersion=N}),
 * folded from the event journal.
 */
@ApplicationScoped
public class StateQueries {

    /** The 404 of an aggregate that does not exist, or that the caller may not read. */
    public static final String NOT_FOUND = "AGGREGATE_NOT_FOUND";

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AggregateStates states;
    private final Journal journal;
    private final ReadYourWrites readYourWrites;

    StateQueries(AggregateStates states, Journal journal, ReadYourWrites readYourWrites) {
        this.states = states;
        this.journal = journal;
        this.readYourWrites = readYourWrites;
    }

    /**
     * @param atVersionParam the {@code atVersion} parameter as sent, null when absent
     * @param reader         who reads it: fields the type shows its owner alone are left out for anyone else
     */
    public Uni<Response> state(AggregatePath aggregate, String atVersionParam, ConsistencyParams consistency,
                               Request request, Optional<String> reader) {
        if (atVersionParam != null) {
            long atVersion = QueryParams.number("atVersion", atVersionParam, 0, 1, Long.MAX_VALUE);
            return readYourWrites.await(Journal.MODEL, consistency)
                    .chain(() -> stateAt(aggregate, atVersion, reader))
                    .map(state -> Conditional.ok(request, Conditional.ofVersion(atVersion), state));
        }
        return readYourWrites.await(AggregateStates.MODEL, consistency)
                .chain(() -> states.find(aggregate))
                .map(found -> {
                    AggregateStates.Stored stored = found.orElseThrow(() -> notFound(aggregate));
                    Object state = DomainValues.state(aggregate.type(), stored.state());
                    return Conditional.ok(request, Conditional.ofVersion(stored.version()),
                            new AggregateResponse(aggregate.typeName(), aggregate.id(), stored.version(),
                                    DomainValues.visible(aggregate.type(), state,
                                            DomainValues.owns(aggregate.type(), state, reader))));
                });
    }

    /**
     * The type's aggregates in id order: {@code limit} (1-1000, default 100) after the id {@code after} (from the
     * first when absent).
     */
    public Uni<Response> list(AggregateType<?, ?, ?> type, String afterParam, String limitParam,
                              ConsistencyParams consistency, Request request, UriInfo uri) {
        int limit = QueryParams.integer("limit", limitParam, DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (afterParam != null && !AggregateId.isValid(afterParam)) {
            throw ProblemException.badRequest("INVALID_PARAMETER", "after is an aggregate id: 1-"
                    + AggregateId.MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -");
        }
        return readYourWrites.await(AggregateStates.MODEL, consistency)
                // one row more than the page: whether it exists says if there is a next page
                .chain(() -> states.list(type.name(), afterParam, limit + 1))
                .map(rows -> {
                    List<AggregateStates.Listed> items = rows.stream().limit(limit).toList();
                    String next = rows.size() > limit ? PageLinks.sameRequestWith(uri, "after",
                            items.getLast().id(), "limit", limit) : null;
                    AggregateList body = new AggregateList(type.name(), items, next);
                    return Conditional.ok(request, Conditional.ofContent(body), body);
                });
    }

    private Uni<AggregateResponse> stateAt(AggregatePath aggregate, long atVersion, Optional<String> reader) {
        return journal.latestVersion(aggregate).chain(latest -> {
            if (latest == 0) {
                return Uni.createFrom().failure(notFound(aggregate));
            }
            if (atVersion > latest) {
                return Uni.createFrom().failure(ProblemException.notFound("VERSION_NOT_FOUND", aggregate
                        + " is at version " + latest + "; there is no version " + atVersion + " yet"));
            }
            return journal.upTo(aggregate, atVersion).map(entries -> {
                Object state = TimeTravel.stateAt(aggregate, atVersion, entries);
                return new AggregateResponse(aggregate.typeName(), aggregate.id(), atVersion, DomainValues.visible(
                        aggregate.type(), state, DomainValues.owns(aggregate.type(), state, reader)));
            });
        });
    }

    private static ProblemException notFound(AggregatePath aggregate) {
        return ProblemException.notFound(NOT_FOUND, "there is no " + aggregate);
    }
}
