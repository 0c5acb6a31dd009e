package dev.annals.query.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One event of an aggregate's history: the version it made, its name, when it was recorded, who sent the command
 * that caused it ({@code ce_principal}; absent for events from before Annals knew its callers), its data.
 */
public record HistoryItem(long version, String type, Instant time,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String principal, JsonNode data) {
}
