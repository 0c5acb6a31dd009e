package dev.annals.command.processor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Kafka would not take from the processor. Such a failure surfaces when Kafka Streams sends or commits, outside
 * the handler: the transaction is aborted, the stream thread replaced, and the same commands read again. Without a
 * memory of it, the command would fail the same way forever and stop its partition. With one, the next attempt
 * answers it as failed, writes nothing else, and the partition goes on.
 *
 * <p>Two memories. An event or a reply names its command, which is then answered as failed. A snapshot or a
 * remembered answer names no command (a commit writes the last value of each key, whichever command left it); what
 * is learnt instead is the size Kafka refused in that topic, and every command that would write as much there is
 * answered as failed — the size is what was wrong, whichever command came to it.
 *
 * <p>Kept in memory, per instance: an instance that takes the partition over after a failure fails once more
 * itself, then answers. Bounded: the oldest command entries are forgotten first.
 */
final class FailedWrites {

    /** The configuration key under which Kafka Streams hands this registry to {@link WriteFailureHandler}. */
    static final String CONFIG_KEY = "annals.failed-writes";

    private static final int REMEMBERED = 10_000;

    private final Map<String, String> byCommand = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final Map<String, Refused> refusedSizes = new ConcurrentHashMap<>();

    /** The smallest record Kafka refused in a topic as too large, and what it said. */
    record Refused(int bytes, String reason) {
    }

    /** A record of command {@code commandId} (an event or its reply) was refused. */
    void commandFailed(String commandId, String reason) {
        byCommand.put(commandId, reason);
    }

    /** A record of {@code bytes} (key and value) was refused in {@code topic} as too large. */
    void tooLarge(String topic, int bytes, String reason) {
        refusedSizes.merge(topic, new Refused(bytes, reason),
                (known, refused) -> refused.bytes() < known.bytes() ? refused : known);
    }

    /** Why an earlier attempt of this command could not be written, if one could not; forgets it. */
    Optional<String> take(String commandId) {
        return Optional.ofNullable(byCommand.remove(commandId));
    }

    /** The refusal a record of {@code bytes} would meet in {@code topic}, if Kafka refused one as large before. */
    Optional<Refused> refusal(String topic, int bytes) {
        Refused refused = refusedSizes.get(topic);
        return refused != null && bytes >= refused.bytes() ? Optional.of(refused) : Optional.empty();
    }
}
