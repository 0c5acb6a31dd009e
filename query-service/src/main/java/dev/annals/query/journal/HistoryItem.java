package dev.annals.query.journal;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One event of an aggregate's history: the version it made, its name, when it was recorded, its data. */
public record HistoryItem(long version, String type, Instant time, JsonNode data) {
}
