package dev.annals.consumer.runtime;

import dev.annals.consumer.runtime.failure.DeadLetters;
import dev.annals.consumer.runtime.reactor.ReactorSettings;
import dev.annals.consumer.runtime.rebuild.SwapOutcome;
import dev.annals.kafka.KafkaClients;

/** What every projection consumer shares. */
public record RunnerServices(ConsumerSettings settings, ReactorSettings reactors, KafkaClients kafka, ReactiveTransactions transactions,
                      DeadLetters deadLetters, ConsumerMetrics metrics, Swapper swapper, ConsumerSpans spans) {

    /** Puts a caught-up rebuild in service: see {@code ConsumerSchemas#trySwap}. */
    public interface Swapper {
        SwapOutcome trySwap(ConsumerPlan plan, int generation, String runner);
    }
}
