package dev.annals.test;

import dev.annals.consumer.LogPosition;
import dev.annals.core.AggregateType;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.json.DomainJson;
import dev.annals.core.topic.Topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixture's log: the envelopes of its given events, as the command processor would have written them —
 * numbered per aggregate from the last version the fixture applied, at one second after another on the fixture's
 * clock, each its command's only event, at a place of its own in partition 0.
 */
final class EventLog {

    /** One event as the runtime gets it from the log. */
    record Logged(AggregateType<?, ?, ?> type, Object event, EventEnvelope envelope, LogPosition position) {
    }

    private static final AtomicLong LOGS = new AtomicLong();

    private final Map<String, Long> versions = new HashMap<>();
    /**
     * Where this log's events are in their partition: apart from every other fixture's of this test JVM (and of
     * another JVM on the same database), since the runtime's dead-letter ledger remembers events by place.
     */
    private final long firstOffset = (ProcessHandle.current().pid() * 1_000 + LOGS.incrementAndGet()) * 1_000_000;
    private long sequence;

    /** The batch's events with their envelopes; {@link #applied} once the batch committed. */
    List<Logged> number(List<Events> batch) {
        Map<String, Long> next = new HashMap<>();
        List<Logged> logged = new ArrayList<>();
        for (Events events : batch) {
            String key = key(events.type(), events.aggregateId());
            long version = events.firstVersion().orElseGet(() -> next.getOrDefault(key,
                    versions.getOrDefault(key, 0L)) + 1);
            for (Object event : events.events()) {
                logged.add(logged(events.type(), events.aggregateId(), version, event));
                next.put(key, version);
                version++;
            }
        }
        return logged;
    }

    /** The batch committed: its aggregates are at its versions now. */
    void applied(List<Logged> batch) {
        batch.forEach(event -> versions.put(key(event.type(), event.envelope().aggregateId()),
                event.envelope().aggregateVersion()));
    }

    /** A number for something else that happened in the fixture (a command's offset), after the events so far. */
    long next() {
        return ++sequence;
    }

    @SuppressWarnings("unchecked")
    private <E> Logged logged(AggregateType<?, E, ?> type, String aggregateId, long version, Object event) {
        long at = ++sequence;
        String commandId = UUID.randomUUID().toString();
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type.name(), aggregateId, version,
                type.eventName((E) event), FixtureDatabase.timeOf(at), commandId, at,
                EventEnvelope.CommandEvent.ONLY, commandId, Optional.of("fixture"), 1, DomainJson.write(event));
        return new Logged(type, event, envelope, new LogPosition(Topics.events(type.name()), 0, firstOffset + at));
    }

    private static String key(AggregateType<?, ?, ?> type, String aggregateId) {
        return type.name() + "/" + aggregateId;
    }
}
