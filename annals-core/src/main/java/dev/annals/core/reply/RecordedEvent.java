package dev.annals.core.reply;

import com.fasterxml.jackson.databind.JsonNode;

/** An event as a command's answer shows it: its name, the aggregate version it made, its JSON. */
public record RecordedEvent(String type, long version, JsonNode data) {
}
