package dev.annals.query.journal;

import dev.annals.core.AggregateType;
import dev.annals.query.access.AggregateOwners;
import dev.annals.query.api.AggregatePath;
import dev.annals.query.api.DomainValues;
import dev.annals.query.consistency.ConsistencyParams;
import dev.annals.query.consistency.ReadYourWrites;
import dev.annals.query.web.Conditional;
import dev.annals.query.web.PageLinks;
import dev.annals.query.web.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Optional;

/** An aggregate's history, a page at a time, from the event journal. */
@ApplicationScoped
public class HistoryQueries {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Journal journal;
    private final ReadYourWrites readYourWrites;
    private final AggregateOwners owners;

    HistoryQueries(Journal journal, ReadYourWrites readYourWrites, AggregateOwners owners) {
        this.journal = journal;
        this.readYourWrites = readYourWrites;
        this.owners = owners;
    }

    /**
     * The parameters as sent, null when absent; {@code reader} who reads it: fields the type shows its owner alone are
     * left out of the events for anyone else.
     */
    public Uni<Response> history(AggregatePath aggregate, String fromParam, String limitParam,
                                 ConsistencyParams consistency, Request request, UriInfo uri,
                                 Optional<String> reader) {
        long from = QueryParams.number("fromVersion", fromParam, 1, 1, Long.MAX_VALUE - MAX_LIMIT);
        int limit = QueryParams.integer("limit", limitParam, DEFAULT_LIMIT, 1, MAX_LIMIT);
        return readYourWrites.await(Journal.MODEL, consistency)
                .chain(() -> readByItsOwner(owners, aggregate, reader))
                // one event more than asked for: whether it exists says if there is a next page
                .chain(toTheOwner -> journal.page(aggregate, from, limit + 1).map(entries -> {
                    List<HistoryItem> items = entries.stream().limit(limit)
                            .map(entry -> item(aggregate.type(), entry, toTheOwner)).toList();
                    String next = entries.size() > limit ? PageLinks.sameRequestWith(uri, "fromVersion", from + limit, "limit", limit) : null;
                    HistoryPage page = new HistoryPage(items, next);
                    return Conditional.ok(request, Conditional.ofContent(page), page);
                }));
    }

    /**
     * Whether {@code reader} owns the aggregate, looked up only where its type has something to show its owner alone
     * (elsewhere it makes no difference, and costs a read).
     */
    public static Uni<Boolean> readByItsOwner(AggregateOwners owners, AggregatePath aggregate,
                                              Optional<String> reader) {
        if (aggregate.type().ownerOnlyFields().isEmpty()) {
            return Uni.createFrom().item(true);
        }
        if (reader.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return owners.ownerOf(aggregate.typeName(), aggregate.id())
                .map(owner -> owner.filter(reader.get()::equals).isPresent());
    }

    static <E> HistoryItem item(AggregateType<?, E, ?> type, JournalEntry entry, boolean toTheOwner) {
        E event = DomainValues.event(type, entry.eventType(), entry.data());
        return new HistoryItem(entry.version(), entry.eventType(), entry.time(), entry.principal(),
                DomainValues.visible(type, event, toTheOwner));
    }
}
