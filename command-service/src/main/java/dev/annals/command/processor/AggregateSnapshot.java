package dev.annals.command.processor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the aggregate store keeps per aggregate id, and so what its compacted changelog holds: the version and the
 * folded state. The state is kept as JSON so that one store format serves every aggregate type; the handler
 * converts it to the type's state record.
 *
 * <p>Snapshots written before the idempotency window had a store of its own also carry {@code remembered} (the
 * last answers of the aggregate's keyed commands); it is ignored when they are read.
 */
@JsonIgnoreProperties({"remembered"})
public record AggregateSnapshot(long version, JsonNode state) {
}
