package dev.annals.query.stream;

import dev.annals.core.AggregateType;
import dev.annals.query.access.AggregateOwners;
import dev.annals.query.api.AggregatePath;
import dev.annals.query.api.DomainValues;
import dev.annals.query.consistency.QueryConfig;
import dev.annals.query.journal.HistoryQueries;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live events as Server-Sent Events, from the event journal as it is committed. Each SSE has the event's name as
 * {@code event}, a {@link StreamedEvent} as {@code data} and a resumable {@code id}: the aggregate's version in an
 * aggregate's stream, the place in the log of each partition in a type's ({@link TypeCursor}). A client that
 * sends {@code Last-Event-ID} (as
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
    private final TypeJournal typeJournal;
    private final JournalFeed feed;
    private final QueryConfig config;
    private final AggregateOwners owners;
    private final AtomicInteger open = new AtomicInteger();

    EventStreams(Journal journal, TypeJournal typeJournal, JournalFeed feed, QueryConfig config,
                 AggregateOwners owners) {
        this.journal = journal;
        this.typeJournal = typeJournal;
        this.feed = feed;
        this.config = config;
        this.owners = owners;
    }

    /**
     * An aggregate's stream: its cursor and SSE id is the version, which nothing renumbers. Fields its type shows its
     * owner alone are left out of the events unless {@code reader} is the owner.
     */
    public Multi<OutboundSseEvent> ofAggregate(AggregatePath aggregate, String lastEventId, Sse sse,
                                               Optional<String> reader) {
        Uni<Long> start = lastEventId == null ? Uni.createFrom().deferred(() -> journal.latestVersion(aggregate))
                : Uni.createFrom().item(QueryParams.number(LAST_EVENT_ID, lastEventId, 0, 0, Long.MAX_VALUE));
        Multi<JournalFeed.Item> items = feed.follow(start, (Long after) -> journal.page(aggregate, after + 1,
                        JournalFeed.BATCH)
                .map(entries -> new JournalFeed.Page<>(entries.stream()
                        .map(entry -> new JournalFeed.Item(entry, Long.toString(entry.version()))).toList(),
                        entries.isEmpty() ? after : entries.getLast().version(),
                        entries.size() == JournalFeed.BATCH)));
        return counted(HistoryQueries.readByItsOwner(owners, aggregate, reader)
                .onItem().transformToMulti(toTheOwner -> items.map(item ->
                        event(sse, aggregate.type(), item, toTheOwner)))
                .onFailure().invoke(failure -> LOG.errorf(failure, "the event stream of %s failed", aggregate)));
    }

    /**
     * A type's stream: its cursor and SSE id say what the client has per partition (see {@link TypeCursor}). The
     * type's staff read it, so fields its type shows an owner alone are left out.
     */
    public Multi<OutboundSseEvent> ofType(AggregateType<?, ?, ?> type, String lastEventId, Sse sse) {
        return counted(feed.follow(typeStart(type.name(), lastEventId),
                        (TypeCursor cursor) -> read(type.name(), cursor))
                .map(item -> event(sse, type, item, false))
                .onFailure().invoke(failure -> LOG.errorf(failure, "the event stream of %s failed", type.name())));
    }

    /**
     * The stream, if this instance serves fewer than {@code annals.query.max-streams} now; a 503 with
     * {@code Retry-After} otherwise. Counted from here, once the request was found valid, until the stream ends
     * or its client goes away.
     */
    private Multi<OutboundSseEvent> counted(Multi<OutboundSseEvent> stream) {
        if (open.incrementAndGet() > config.maxStreams()) {
            open.decrementAndGet();
            throw ProblemException.unavailable("TOO_MANY_STREAMS", config.maxStreams() + " event streams are open"
                    + " here already (annals.query.max-streams); try again later", 5);
        }
        // once per subscription, whether the stream completes, fails or its client goes away
        return stream.onTermination().invoke(open::decrementAndGet);
    }

    private Uni<TypeCursor> typeStart(String type, String lastEventId) {
        if (lastEventId == null) {
            return Uni.createFrom().deferred(() -> typeJournal.now(type));
        }
        TypeCursor given = TypeCursor.parse(lastEventId);
        if (given == null) {
            long position = QueryParams.number(LAST_EVENT_ID, lastEventId, 0, 0, Long.MAX_VALUE);
            return Uni.createFrom().deferred(() -> typeJournal.upToPosition(type, position));
        }
        return Uni.createFrom().item(given);
    }

    /**
     * The rows after the cursor's floor, each one the client does not have yet as an item. If the journal was
     * rebuilt since the floor was found (or it was never found: a resumed stream), it is found again first.
     */
    private Uni<JournalFeed.Page<TypeCursor>> read(String type, TypeCursor cursor) {
        return typeJournal.after(type, cursor.floor(), JournalFeed.BATCH).chain(page -> {
            if (page.generation() != cursor.generation()) {
                return typeJournal.anchor(type, cursor).chain(anchored -> anchored.generation() == cursor.generation()
                        ? Uni.createFrom().item(new JournalFeed.Page<>(List.of(), anchored, true))
                        : read(type, anchored));
            }
            List<JournalFeed.Item> items = new ArrayList<>(page.entries().size());
            TypeCursor at = cursor;
            for (JournalEntry entry : page.entries()) {
                boolean unseen = !at.covers(entry);
                at = at.after(entry);
                if (unseen) {
                    items.add(new JournalFeed.Item(entry, at.id()));
                }
            }
            return Uni.createFrom().item(new JournalFeed.Page<>(items, at,
                    page.entries().size() == JournalFeed.BATCH));
        });
    }

    /**
     * The SSE of one journal entry. An entry this service cannot read (an event type it does not know, data that
     * no longer fits its record) becomes an SSE named {@value #UNREADABLE} with the problem, in its place and with
     * its id: the client sees it, and the stream goes on past it instead of failing at it again on every resume.
     */
    private static <E> OutboundSseEvent event(Sse sse, AggregateType<?, E, ?> type, JournalFeed.Item item,
                                              boolean toTheOwner) {
        JournalEntry entry = item.entry();
        OutboundSseEvent.Builder sent = sse.newEventBuilder().id(item.id())
                .mediaType(MediaType.APPLICATION_JSON_TYPE);
        try {
            E event = DomainValues.event(type, entry.eventType(), entry.data());
            StreamedEvent data = new StreamedEvent(entry.aggregateType(), entry.aggregateId(), entry.version(),
                    entry.eventType(), entry.time(), DomainValues.visible(type, event, toTheOwner));
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
