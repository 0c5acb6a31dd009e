package dev.annals.query.stream;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** The data of one Server-Sent Event: an event of an aggregate, as it was projected into the journal. */
public record StreamedEvent(String aggregateType, String aggregateId, long version, String type, Instant time,
                            JsonNode data) {
}
