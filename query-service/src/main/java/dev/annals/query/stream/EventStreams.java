package dev.annals.query.stream;

import dev.annals.core.AggregateType;
import dev.annals.query.api.AggregatePath;
import dev.annals.query.api.DomainValues;
import dev.annals.query.journal.Journal;
import dev.annals.query.journal.JournalEntry;
import dev.annals.query.web.ProblemException;
import dev.annals.query.web.QueryParams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Live events as Server-Sent Events, from the event journal as it is committed. Each SSE has the event's name as
 * {@code event}, a {@link StreamedEvent} as {@code data} and a resumable {@code id}: the aggregate's version in an
 * aggregate's stream, the journal position in a type's stream. A client that sends {@code Last-Event-ID} (as
 * browsers do when they re-connect) gets every event after it, then the live ones: no gap, no repeat. Without it,
 * the stream starts with the next new event; {@code Last-Event-ID: 0} replays from the beginning.
 */
@ApplicationScoped
public class EventStreams {

    public static final String LAST_EVENT_ID = "Last-Event-ID";
    /** The SSE name of an event this service cannot read. */
    public static final String UNREADABLE = "annals.unreadable";

    private static final Logger LOG = Logger.getLogger(EventStreams.class);

    private final Journal journal;
    private final JournalFeed feed;

    EventStreams(Journal journal, JournalFeed feed) {
        this.journal = journal;
        this.feed = feed;
    }

    public Multi<OutboundSseEvent> ofAggregate(AggregatePath aggregate, String lastEventId, Sse sse) {
        Uni<Long> start = start(lastEventId, () -> journal.latestVersion(aggregate));
        return feed.follow(start, after -> journal.page(aggregate, after + 1, JournalFeed.BATCH),
                        JournalEntry::version)
                .map(entry -> event(sse, aggregate.type(), entry, entry.version()))
                .onFailure().invoke(failure -> LOG.errorf(failure, "the event stream of %s failed", aggregate));
    }

    public Multi<OutboundSseEvent> ofType(AggregateType<?, ?, ?> type, String lastEventId, Sse sse) {
        Uni<Long> start = start(lastEventId, () -> journal.lastPosition(type.name()));
        return feed.follow(start, after -> journal.afterPosition(type.name(), after, JournalFeed.BATCH),
                        JournalEntry::position)
                .map(entry -> event(sse, type, entry, entry.position()))
                .onFailure().invoke(failure -> LOG.errorf(failure, "the event stream of %s failed", type.name()));
    }

    /** After the client's last event, or after what the journal holds now. */
    private static Uni<Long> start(String lastEventId, Supplier<Uni<Long>> now) {
        if (lastEventId == null) {
            return Uni.createFrom().deferred(now::get);
        }
        return Uni.createFrom().item(QueryParams.number(LAST_EVENT_ID, lastEventId, 0, 0, Long.MAX_VALUE));
    }

    /**
     * The SSE of one journal entry. An entry this service cannot read (an event type it does not know, data that
     * no longer fits its record) becomes an SSE named {@value #UNREADABLE} with the problem, in its place and with
     * its id: the client sees it, and the stream goes on past it instead of failing at it again on every resume.
     */
    private static <E> OutboundSseEvent event(Sse sse, AggregateType<?, E, ?> type, JournalEntry entry, long id) {
        OutboundSseEvent.Builder sent = sse.newEventBuilder().id(Long.toString(id))
                .mediaType(MediaType.APPLICATION_JSON_TYPE);
        try {
            E event = DomainValues.event(type, entry.eventType(), entry.data());
            StreamedEvent data = new StreamedEvent(entry.aggregateType(), entry.aggregateId(), entry.version(),
                    entry.eventType(), entry.time(), DomainValues.tree(event));
            return sent.name(entry.eventType()).data(StreamedEvent.class, data).build();
        } catch (ProblemException unreadable) {
            LOG.errorf("event stream of %s: %s v%d is unreadable here: %s", type.name(), entry.aggregateId(),
                    entry.version(), unreadable.problem().detail());
            return sent.name(UNREADABLE).data(UnreadableEvent.class, new UnreadableEvent(entry.aggregateType(),
                    entry.aggregateId(), entry.version(), entry.eventType(), entry.time(),
                    unreadable.problem())).build();
        }
    }
}
