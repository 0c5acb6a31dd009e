package dev.annals.command.processor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.command.reply.CommandReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the aggregate store keeps per aggregate id, and so what its compacted changelog holds: the version, the
 * folded state, and the outcomes of the most recent commands that carried an idempotency key.
 *
 * <p>The state is kept as JSON so that one serde serves every aggregate type; the handler converts it to the
 * type's state record.
 */
public record AggregateSnapshot(long version, JsonNode state, List<RememberedOutcome> remembered) {

    /**
     * The first answer to a command with an idempotency key; a retry with the same key gets it again.
     *
     * @param fingerprint command name and a hash of its JSON: a key reused for a different command is refused
     */
    public record RememberedOutcome(String idempotencyKey, String fingerprint, CommandReply reply) {
    }

    public AggregateSnapshot {
        remembered = List.copyOf(remembered);
    }

    public Optional<RememberedOutcome> outcomeFor(String idempotencyKey) {
        return remembered.stream().filter(outcome -> outcome.idempotencyKey().equals(idempotencyKey)).findFirst();
    }

    /** The next snapshot; keeps at most {@code limit} remembered outcomes, forgetting the oldest first. */
    public AggregateSnapshot next(long newVersion, JsonNode newState, Optional<RememberedOutcome> outcome,
                                  int limit) {
        List<RememberedOutcome> kept = new ArrayList<>(remembered);
        outcome.ifPresent(kept::add);
        while (kept.size() > limit) {
            kept.remove(0);
        }
        return new AggregateSnapshot(newVersion, newState, kept);
    }
}
