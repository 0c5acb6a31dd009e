package dev.annals.query.journal;

import dev.annals.core.AggregateType;
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

/** An aggregate's history, a page at a time, from the event journal. */
@ApplicationScoped
public class HistoryQueries {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Journal journal;
    private final ReadYourWrites readYourWrites;

    HistoryQueries(Journal journal, ReadYourWrites readYourWrites) {
        this.journal = journal;
        this.readYourWrites = readYourWrites;
    }

    /** The parameters as sent, null when absent. */
    public Uni<Response> history(AggregatePath aggregate, String fromParam, String limitParam,
                                 ConsistencyParams consistency, Request request, UriInfo uri) {
        long from = QueryParams.number("fromVersion", fromParam, 1, 1, Long.MAX_VALUE - MAX_LIMIT);
        int limit = QueryParams.integer("limit", limitParam, DEFAULT_LIMIT, 1, MAX_LIMIT);
        return readYourWrites.await(Journal.MODEL, consistency)
                // one event more than asked for: whether it exists says if there is a next page
                .chain(() -> journal.page(aggregate, from, limit + 1))
                .map(entries -> {
                    List<HistoryItem> items = entries.stream().limit(limit)
                            .map(entry -> item(aggregate.type(), entry)).toList();
                    String next = entries.size() > limit ? PageLinks.sameRequestWith(uri, "fromVersion", from + limit, "limit", limit) : null;
                    HistoryPage page = new HistoryPage(items, next);
                    return Conditional.ok(request, Conditional.ofContent(page), page);
                });
    }

    static <E> HistoryItem item(AggregateType<?, E, ?> type, JournalEntry entry) {
        E event = DomainValues.event(type, entry.eventType(), entry.data());
        return new HistoryItem(entry.version(), entry.eventType(), entry.time(), entry.principal(),
                DomainValues.tree(event));
    }
}
