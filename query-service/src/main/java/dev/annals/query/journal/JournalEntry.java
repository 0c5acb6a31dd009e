package dev.annals.query.journal;

import java.time.Instant;

/**
 * A row of the event journal: one event, its data as the JSON text stored, its position in the journal, and where
 * its record is in the log (null for rows journaled before that was recorded), and who sent its command (null for
 * events recorded before Annals knew its callers).
 */
public record JournalEntry(String aggregateType, String aggregateId, long version, String eventType, Instant time,
                           String data, long position, Integer logPartition, Long logOffset, String principal) {
}
