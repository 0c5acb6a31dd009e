package dev.annals.command.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.json.DomainJson;
import dev.annals.core.reply.CommandReply;
import dev.annals.core.reply.RecordedEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The idempotency window is bounded in bytes, and what it counts for an answer must be at least what the answer
 * takes of the heap in Kafka Streams' in-memory stores: otherwise the bound would not bound the memory. Fills a
 * window with answers as the processor remembers them — a deposit's, with its one event, and a larger one with
 * twenty — and compares the heap they take with what the window counted. The figures it prints are the ones
 * docs/architecture.md and docs/configuration.md give.
 */
class WindowFootprintTest {

    private static final int ANSWERS = 20_000;
    private final ObjectMapper json = DomainJson.newMapper();

    @Test
    void an_answer_takes_no_more_heap_than_the_window_counts_for_it() {
        measure("a deposit's answer (one event)", 1);
        measure("an answer with twenty events", 20);
    }

    private void measure(String what, int eventsPerAnswer) {
        KeyValueStore<String, byte[]> outcomes = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("outcomes"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        KeyValueStore<Bytes, byte[]> expiry = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("expiry"),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
        MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
        outcomes.init(context.getStateStoreContext(), outcomes);
        expiry.init(context.getStateStoreContext(), expiry);
        IdempotencyWindow window = new IdempotencyWindow(outcomes, expiry, json, new ProcessorLimits(
                Duration.ofHours(24), WindowBounds.ofKeys(Long.MAX_VALUE / 4), 256 * 1024, 256 * 1024));
        List<RecordedEvent> events = new ArrayList<>();
        for (int i = 0; i < eventsPerAnswer; i++) {
            events.add(new RecordedEvent("MoneyDeposited", 2 + i, json.valueToTree(Map.of("amount", 100 + i))));
        }

        long before = usedHeap();
        for (int i = 0; i < ANSWERS; i++) {
            String account = "account-" + i;
            byte[] encoded = window.encode(new RememberedOutcome("qXK2dW3rEuYv9Z0VYQdXNY4mYvP1dcbn3nMpJ1uSk8E",
                    1_765_000_000_000L + i, CommandReply.accepted("bank-account", account, 2 + eventsPerAnswer,
                    events, i % 6, 1_000_000L + i)));
            window.remember(account, "caller-" + (i % 100), "d5a1f0e2-" + i, 1_765_000_000_000L + i, encoded);
        }
        long heapPerAnswer = (usedHeap() - before) / ANSWERS;
        long countedPerAnswer = window.bytes() / ANSWERS;
        Reference.reachabilityFence(outcomes);
        Reference.reachabilityFence(expiry);

        System.out.printf("idempotency window, %s: %d bytes of heap, %d counted (an overhead of %d on the encoded"
                + " answer and its key)%n", what, heapPerAnswer, countedPerAnswer, IdempotencyWindow.ENTRY_OVERHEAD);
        assertThat(heapPerAnswer).as("heap taken per answer, %s, against the %d bytes counted", what,
                countedPerAnswer).isLessThanOrEqualTo(countedPerAnswer);
        outcomes.close();
        expiry.close();
    }

    /** The heap in use once what can be collected is. */
    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
