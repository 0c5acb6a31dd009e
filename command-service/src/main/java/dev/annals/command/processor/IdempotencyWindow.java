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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first answers to commands with an idempotency key, of one aggregate type in one partition, for a time
 * window counted from each answer. Two stores, both logged to compacted changelogs, so a restore brings back
 * both: the outcomes by aggregate id, key and caller, and an index of them by the time they were answered, which
 * {@link #expire} walks from its oldest end.
 *
 * <p>A store of its own, not a field of the aggregate's snapshot: the snapshot is rewritten by every command, and
 * a window counted in commands per aggregate is gone within a second on a busy aggregate (a default order book),
 * long before a client retries after a timeout.
 *
 * <p>It is bounded ({@link WindowBounds}) in answers and in bytes, and each caller's answers in bytes of their own,
 * so that one caller who fills its share — with cheap refused commands, say — is refused alone, and everyone else's
 * retries go on being answered. What it holds is counted here, per caller, from the stores at the task's start
 * (Kafka Streams initialises a task's processors once its stores are restored) and kept as answers come and go.
 */
final class IdempotencyWindow {

    /** Most outcomes one expiry run forgets; the next run, a moment later, goes on. */
    static final int EXPIRED_PER_RUN = 10_000;

    /**
     * What an answer costs the store beyond its key and encoded value: the in-memory store's entry and the index
     * entry of its time, with their keys, values and the maps around them. Measured, with room to spare, by
     * {@code WindowFootprintTest}, which fails when the heap an answer takes outgrows what is counted for it.
     */
    static final int ENTRY_OVERHEAD = 400;

    private static final byte[] PRESENT = new byte[0];

    /** Why an answer cannot be remembered: the caller's share, or the whole window, is full. */
    enum Admission { ADMITTED, CALLER_SHARE_FULL, WINDOW_FULL }

    private final KeyValueStore<String, byte[]> outcomes;
    private final KeyValueStore<Bytes, byte[]> expiry;
    private final ObjectMapper json;
    private final long windowMillis;
    private final WindowBounds bounds;
    private final Map<String, Long> bytesByCaller = new HashMap<>();
    private long bytes;
    private long keys;

    IdempotencyWindow(KeyValueStore<String, byte[]> outcomes, KeyValueStore<Bytes, byte[]> expiry, ObjectMapper json,
                      ProcessorLimits limits) {
        this.outcomes = outcomes;
        this.expiry = expiry;
        this.json = json;
        this.windowMillis = limits.idempotencyWindow().toMillis();
        this.bounds = limits.window();
        try (KeyValueIterator<String, byte[]> all = outcomes.all()) {
            all.forEachRemaining(entry -> count(entry.key, entry.value, 1));
        }
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
     * Whether this answer can be remembered within the bounds. If not, the command it answers is refused: forgetting
     * an older answer early instead would let its retry be applied twice, silently.
     */
    Admission admits(String aggregateId, String principal, String idempotencyKey, byte[] encoded) {
        String key = key(aggregateId, principal, idempotencyKey);
        long cost = cost(key, encoded);
        // an expired answer of the same key, not yet forgotten, is replaced, and frees what it took
        byte[] replaced = outcomes.get(key);
        long freed = replaced == null ? 0 : cost(key, replaced);
        if (bytesByCaller.getOrDefault(principal, 0L) - freed + cost > bounds.shareOf(principal)) {
            return Admission.CALLER_SHARE_FULL;
        }
        if (bytes - freed + cost > bounds.maxBytes() || (replaced == null && keys >= bounds.maxKeys())) {
            return Admission.WINDOW_FULL;
        }
        return Admission.ADMITTED;
    }

    /** The share of the window {@code principal}'s answers may take, in bytes. */
    long shareOf(String principal) {
        return bounds.shareOf(principal);
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
        byte[] replaced = outcomes.get(key);
        if (replaced != null) {
            count(key, replaced, -1);
        }
        outcomes.put(key, encoded);
        expiry.put(expiryKey(answeredAt, key), PRESENT);
        count(key, encoded, 1);
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
                count(key, stored, -1);
            }
            expiry.delete(entry);
        }
        return expired.size();
    }

    /** Bytes the window holds now, as counted against {@link WindowBounds#maxBytes()}. */
    long bytes() {
        return bytes;
    }

    /** Bytes {@code principal}'s answers take now, as counted against its share. */
    long bytesOf(String principal) {
        return bytesByCaller.getOrDefault(principal, 0L);
    }

    private void count(String key, byte[] value, int sign) {
        long cost = sign * cost(key, value);
        bytes += cost;
        keys += sign;
        bytesByCaller.merge(principalOf(key), cost, (before, change) -> before + change == 0 ? null
                : before + change);
    }

    /** What one remembered answer costs: its key and value as stored, twice its key (the index), the overhead. */
    static long cost(String key, byte[] value) {
        return 2L * key.getBytes(StandardCharsets.UTF_8).length + value.length + ENTRY_OVERHEAD;
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

    /** The caller of a {@link #key}: what follows its second space. */
    static String principalOf(String key) {
        int first = key.indexOf(' ');
        int second = first < 0 ? -1 : key.indexOf(' ', first + 1);
        return second < 0 ? "" : key.substring(second + 1);
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
