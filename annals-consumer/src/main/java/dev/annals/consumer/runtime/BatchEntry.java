package dev.annals.consumer.runtime;

import dev.annals.consumer.EventHandler;
import dev.annals.core.AggregateType;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.envelope.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/**
 * One record of a batch: decoded (with the projection's handler, or none if it ignores the event) or poison
 * (with the reason it cannot be decoded).
 */
record BatchEntry(ConsumerRecord<String, byte[]> record, AggregateType<?, ?, ?> type, Object event,
                  EventEnvelope envelope, EventHandler<Object> handler, RuntimeException poison) {

    static BatchEntry decoded(ConsumerRecord<String, byte[]> record, AggregateType<?, ?, ?> type, Object event,
                              EventEnvelope envelope, EventHandler<Object> handler) {
        return new BatchEntry(record, type, event, envelope, handler, null);
    }

    static BatchEntry poison(ConsumerRecord<String, byte[]> record, RuntimeException reason) {
        return new BatchEntry(record, null, null, null, null, reason);
    }

    boolean isPoison() {
        return poison != null;
    }

    TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    long offset() {
        return record.offset();
    }

    /** The command offset the event carries, read leniently from its header for a poison record; -1 if none. */
    long commandOffset() {
        if (envelope != null) {
            return envelope.commandOffset();
        }
        Header header = record.headers().lastHeader(EventHeaders.COMMAND_OFFSET);
        if (header == null || header.value() == null) {
            return Checkpoint.NO_COMMAND;
        }
        try {
            return Math.max(Checkpoint.NO_COMMAND, Long.parseLong(new String(header.value(), StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
            return Checkpoint.NO_COMMAND;
        }
    }
}
