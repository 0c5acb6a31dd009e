package dev.annals.consumer.runtime.failure;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Where a consumer's dead letters go: the consumer's dead-letter topic ({@link DeadLetters}) in a service; the
 * fixture's own list in a test ({@code ProjectionFixture}), which runs the same batch path without a broker.
 */
public interface DeadLetterSink {

    /**
     * Blocks until the dead letter is stored, retrying while {@code running} holds and telling {@code retrying} of
     * each failure.
     */
    void send(String consumer, ConsumerRecord<String, byte[]> record, Throwable error, int attempts,
              BooleanSupplier running, Consumer<Throwable> retrying);
}
