package dev.annals.consumer.runtime;

import dev.annals.kafka.KafkaClients;

/** What every projection consumer shares. */
record RunnerServices(ConsumerSettings settings, ReactorSettings reactors, KafkaClients kafka, ReactiveTransactions transactions,
                      DeadLetters deadLetters, ProjectionMetrics metrics, Swapper swapper, ConsumerSpans spans) {

    /** Puts a caught-up rebuild in service: see {@code ProjectionSchemas#trySwap}. */
    interface Swapper {
        SwapOutcome trySwap(ProjectionPlan plan, int generation, String runner);
    }
}
