package dev.annals.command.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first answers to commands with an idempotency key, of one aggregate type in one partition, for a time
 * window counted from each answer. Two stores, both logged to compacted changelogs, so a restore brings back
 * both: the outcomes by aggregate id and key, and an index of them by the time they were answered, which
 * {@link #expire} walks from its oldest end.
 *
 * <p>A store of its own, not a field of the aggregate's snapshot: the snapshot is rewritten by every command, and
 * a window counted in commands per aggregate is gone within a second on a busy aggregate (a default order book),
 * long before a client retries after a timeout.
 */
final class IdempotencyWindow {

    /** Most outcomes one expiry run forgets; the next run, a moment later, goes on. */
    static final int EXPIRED_PER_RUN = 10_000;

    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<String, byte[]> outcomes;
    private final KeyValueStore<Bytes, byte[]> expiry;
    private final ObjectMapper json;
    private final long windowMillis;
    private final long maxKeys;

    IdempotencyWindow(KeyValueStore<String, byte[]> outcomes, KeyValueStore<Bytes, byte[]> expiry, ObjectMapper json,
                      ProcessorLimits limits) {
        this.outcomes = outcomes;
        this.expiry = expiry;
        this.json = json;
        this.windowMillis = limits.idempotencyWindow().toMillis();
        this.maxKeys = limits.maxRememberedKeys();
    }

    /** How often to forget what is older than the window: a twentieth of it, between 100 ms and a minute. */
    static Duration expiryInterval(Duration window) {
        Duration twentieth = window.dividedBy(20);
        Duration atLeast = Duration.ofMillis(100);
        Duration atMost = Duration.ofMinutes(1);
        return twentieth.compareTo(atLeast) < 0 ? atLeast : twentieth.compareTo(atMost) > 0 ? atMost : twentieth;
    }

    /**
     * The first answer to this caller's key on this aggregate, if it was given within the window before
     * {@code now}.
     */
    Optional<RememberedOutcome> find(String aggregateId, String principal, String idempotencyKey, long now) {
        byte[] stored = outcomes.get(key(aggregateId, principal, idempotencyKey));
        if (stored == null) {
            return Optional.empty();
        }
        RememberedOutcome outcome = read(stored);
        return outcome.answeredAt() > now - windowMillis ? Optional.of(outcome) : Optional.empty();
    }

    /**
     * Whether the window holds as many answers as this partition may keep. Then a new key cannot be remembered
     * for the whole window, and a command with one is refused: forgetting an answer early would let its retry be
     * applied twice, silently.
     */
    boolean isFull() {
        return outcomes.approximateNumEntries() >= maxKeys;
    }

    /** The encoded outcome, so its size can be checked with the command's other records before any is written. */
    byte[] encode(RememberedOutcome outcome) {
        try {
            return json.writeValueAsBytes(outcome);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a remembered outcome", e);
        }
    }

    void remember(String aggregateId, String principal, String idempotencyKey, long answeredAt, byte[] encoded) {
        String key = key(aggregateId, principal, idempotencyKey);
        outcomes.put(key, encoded);
        expiry.put(expiryKey(answeredAt, key), PRESENT);
    }

    /**
     * Forgets the answers given at or before {@code now - window}, oldest first, at most {@link #EXPIRED_PER_RUN}
     * of them. An answer given again after its predecessor expired (a retry decided anew) has a newer time and is
     * kept; only its old index entry goes.
     *
     * @return how many index entries were removed
     */
    int expire(long now) {
        long cutoff = now - windowMillis;
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> oldestFirst = expiry.all()) {
            while (oldestFirst.hasNext() && expired.size() < EXPIRED_PER_RUN) {
                KeyValue<Bytes, byte[]> entry = oldestFirst.next();
                if (answeredAt(entry.key) > cutoff) {
                    break;
                }
                expired.add(entry.key);
            }
        }
        for (Bytes entry : expired) {
            String key = outcomeKey(entry);
            byte[] stored = outcomes.get(key);
            if (stored != null && read(stored).answeredAt() <= cutoff) {
                outcomes.delete(key);
            }
            expiry.delete(entry);
        }
        return expired.size();
    }

    private RememberedOutcome read(byte[] stored) {
        try {
            return json.readValue(stored, RememberedOutcome.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a remembered outcome", e);
        }
    }

    /**
     * A key belongs to its caller: two callers who happen to pick the same key on one aggregate send two
     * commands, not one and its retry. Neither an aggregate id nor an idempotency key has a space, so what follows
     * the second space is the principal, whatever it contains: the triple is one unambiguous key.
     */
    static String key(String aggregateId, String principal, String idempotencyKey) {
        return aggregateId + ' ' + idempotencyKey + ' ' + principal;
    }

    /** The answer time first, big-endian, so the index iterates oldest first; then the outcome's key. */
    private static Bytes expiryKey(long answeredAt, String key) {
        byte[] text = key.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + text.length).putLong(answeredAt).put(text).array());
    }

    private static long answeredAt(Bytes expiryKey) {
        return ByteBuffer.wrap(expiryKey.get()).getLong();
    }

    private static String outcomeKey(Bytes expiryKey) {
        byte[] bytes = expiryKey.get();
        return new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8);
    }
}
