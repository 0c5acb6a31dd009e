package dev.annals.query.state;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /api/{type}/{id}}: an aggregate's state as of {@code version}. */
public record AggregateResponse(String type, String id, long version, JsonNode state) {
}
