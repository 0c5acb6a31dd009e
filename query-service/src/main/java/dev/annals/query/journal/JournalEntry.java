package dev.annals.query.journal;

import java.time.Instant;

/** A row of the event journal: one event, its data as the JSON text stored, and its position in the journal. */
public record JournalEntry(String aggregateType, String aggregateId, long version, String eventType, Instant time,
                           String data, long position) {
}
