package dev.annals.consumer.runtime;

import dev.annals.consumer.runtime.failure.DeadLetterSink;
import dev.annals.consumer.runtime.reactor.ReactorSettings;
import dev.annals.consumer.runtime.rebuild.SwapOutcome;
import dev.annals.kafka.KafkaClients;

/**
 * What every runner of a service shares. {@code kafka} and {@code swapper} are a service's (its runners' consumers,
 * a rebuild's swap); a test fixture's embedded runner, which has neither, passes null.
 */
public record RunnerServices(ConsumerSettings settings, ReactorSettings reactors, KafkaClients kafka,
                             ReactiveTransactions transactions, DeadLetterSink deadLetters, ConsumerMetrics metrics,
                             Swapper swapper, ConsumerSpans spans) {

    /** Puts a caught-up rebuild in service: see {@code ConsumerSchemas#trySwap}. */
    public interface Swapper {
        SwapOutcome trySwap(ConsumerPlan plan, int generation, String runner);
    }
}
