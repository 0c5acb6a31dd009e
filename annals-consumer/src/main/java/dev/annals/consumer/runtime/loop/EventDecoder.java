package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.core.AggregateType;
import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.json.DomainJson;
import dev.annals.core.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.util.HashMap;
import java.util.Map;

/** Turns a record of an events topic into the domain event and the consumer's handler for it. */
public final class EventDecoder {

    private final Map<String, AggregateType<?, ?, ?>> types;
    private final ConsumerPlan.HandlerLookup handlers;

    /** @param types the aggregate types the consumer reads, by name */
    public EventDecoder(Map<String, AggregateType<?, ?, ?>> types, ConsumerPlan.HandlerLookup handlers) {
        this.types = Map.copyOf(types);
        this.handlers = handlers;
    }

    public BatchEntry decode(ConsumerRecord<String, byte[]> record) {
        try {
            String typeName = Topics.aggregateTypeOfEvents(record.topic()).orElseThrow(() ->
                    new UnreadableEventException("topic " + record.topic() + " is not an events topic"));
            AggregateType<?, ?, ?> type = types.get(typeName);
            if (type == null) {
                throw new UnreadableEventException("aggregate type " + typeName + " is not known to this service");
            }
            if (record.value() == null) {
                throw new UnreadableEventException("the record has no value (a tombstone in an events topic)");
            }
            EventEnvelope envelope = CloudEventCodec.decode(headers(record), record.value());
            if (!envelope.aggregateType().equals(typeName)) {
                throw new UnreadableEventException("an event of " + envelope.aggregateType() + " in " + record.topic());
            }
            Class<?> eventClass = type.eventClass(envelope.eventType()).orElseThrow(() ->
                    new UnreadableEventException("unknown event type " + envelope.cloudEventType() + "; "
                            + typeName + " has " + type.eventNames()));
            Object event = DomainJson.read(envelope.data(), eventClass);
            EntryHandler handler = handlers.handlerFor(type, event).orElse(null);
            return BatchEntry.decoded(record, type, event, envelope, handler);
        } catch (RuntimeException unreadable) {
            return BatchEntry.poison(record, unreadable);
        }
    }

    private static Map<String, byte[]> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return headers;
    }

    /** An event record that no retry can make readable. */
    static final class UnreadableEventException extends RuntimeException {
        UnreadableEventException(String message) {
            super(message);
        }
    }
}
