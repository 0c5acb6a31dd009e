package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.LogPosition;
import dev.annals.consumer.runtime.checkpoint.Checkpoint;
import dev.annals.core.AggregateType;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.envelope.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/**
 * One record of a batch: decoded (with the consumer's handler, or none if it ignores the event) or poison
 * (with the reason it cannot be decoded).
 */
public record BatchEntry(ConsumerRecord<String, byte[]> record, AggregateType<?, ?, ?> type, Object event,
                  EventEnvelope envelope, EntryHandler handler, RuntimeException poison) {

    static BatchEntry decoded(ConsumerRecord<String, byte[]> record, AggregateType<?, ?, ?> type, Object event,
                              EventEnvelope envelope, EntryHandler handler) {
        return new BatchEntry(record, type, event, envelope, handler, null);
    }

    static BatchEntry poison(ConsumerRecord<String, byte[]> record, RuntimeException reason) {
        return new BatchEntry(record, null, null, null, null, reason);
    }

    /** This decoded entry, dead-lettered for {@code reason}: skipped by its batch, its aggregate parked there. */
    BatchEntry deadLettered(RuntimeException reason) {
        return new BatchEntry(record, type, event, envelope, handler, reason);
    }

    public boolean isPoison() {
        return poison != null;
    }

    public TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    public long offset() {
        return record.offset();
    }

    /** Where its record is in the log. */
    public LogPosition position() {
        return new LogPosition(record.topic(), record.partition(), record.offset());
    }

    /** The command offset the event carries, read leniently from its header for a poison record; -1 if none. */
    long commandOffset() {
        if (envelope != null) {
            return envelope.commandOffset();
        }
        return Math.max(Checkpoint.NO_COMMAND, header(EventHeaders.COMMAND_OFFSET, Checkpoint.NO_COMMAND));
    }

    /**
     * Whether its command's events end here: only then may a checkpoint say the command's offset is reached. A
     * poison record is read leniently: without a readable numbering it is taken to end its command, so that an
     * unreadable record never holds a consistency token back forever.
     */
    boolean endsItsCommand() {
        if (envelope != null) {
            return envelope.commandEvent().isLast();
        }
        long index = header(EventHeaders.COMMAND_EVENT_INDEX, -1);
        long count = header(EventHeaders.COMMAND_EVENT_COUNT, -1);
        return index < 1 || count < 1 || index >= count;
    }

    private long header(String name, long fallback) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return fallback;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8).strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
