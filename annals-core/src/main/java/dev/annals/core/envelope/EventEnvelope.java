package dev.annals.core.envelope;

import dev.annals.core.AggregateId;
import dev.annals.core.TypeName;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One stored event with everything around it: which aggregate it belongs to, its place in that aggregate's
 * history, and which command caused it. {@code data} is the event record's JSON.
 *
 * <p>On Kafka it travels as a CloudEvent in binary mode ({@link CloudEventCodec}).
 *
 * @param id               unique id of this event (a UUID); {@code ce_id}
 * @param aggregateType    e.g. {@code bank-account}
 * @param aggregateId      the aggregate's id; {@code ce_subject} and the Kafka key
 * @param aggregateVersion 1 for an aggregate's first event, then 2, 3… without gaps
 * @param eventType        the event's name, e.g. {@code MoneyDeposited}
 * @param time             when the command processor recorded the event
 * @param commandId        id of the command that produced the event
 * @param commandOffset    offset of that command in its partition of the commands topic; consistency tokens
 *                         compare against it
 * @param commandEvent     where the event stands among its command's events: a consumer has applied the whole
 *                         command (and may say it reached its offset) only once it applied the last of them
 * @param correlationId    id shared by everything one request set off (defaults to the command id)
 * @param principal        who sent the command: the authenticated subject, {@code ce_principal}; empty only for
 *                         events recorded before Annals knew its callers
 * @param schemaVersion    version of the event's JSON shape, for upcasting; starts at 1
 * @param data             the event's JSON
 * @param trace            the span the processor recorded it under: the CloudEvents distributed-tracing
 *                         attributes {@code ce_traceparent} and {@code ce_tracestate}, and the plain W3C headers;
 *                         every consumer's span of it continues that trace. Empty for events written before.
 */
public record EventEnvelope(
        String id,
        String aggregateType,
        String aggregateId,
        long aggregateVersion,
        String eventType,
        Instant time,
        String commandId,
        long commandOffset,
        CommandEvent commandEvent,
        String correlationId,
        Optional<String> principal,
        int schemaVersion,
        byte[] data,
        Optional<TraceContext> trace) {

    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Z][A-Za-z0-9]*");

    public EventEnvelope {
        requireText(id, "id");
        TypeName.require(aggregateType, "aggregateType");
        AggregateId.require(aggregateId);
        if (aggregateVersion < 1) {
            throw new IllegalArgumentException("aggregateVersion starts at 1, not " + aggregateVersion);
        }
        if (eventType == null || !EVENT_TYPE.matcher(eventType).matches()) {
            throw new IllegalArgumentException("eventType is a PascalCase name, not " + eventType);
        }
        Objects.requireNonNull(time, "time");
        requireText(commandId, "commandId");
        if (commandOffset < 0) {
            throw new IllegalArgumentException("commandOffset is a Kafka offset (>= 0), not " + commandOffset);
        }
        Objects.requireNonNull(commandEvent, "commandEvent");
        requireText(correlationId, "correlationId");
        Objects.requireNonNull(principal, "principal");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion starts at 1, not " + schemaVersion);
        }
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(trace, "trace");
    }

    /** An event outside any trace. */
    public EventEnvelope(String id, String aggregateType, String aggregateId, long aggregateVersion,
                         String eventType, Instant time, String commandId, long commandOffset,
                         CommandEvent commandEvent, String correlationId, Optional<String> principal,
                         int schemaVersion, byte[] data) {
        this(id, aggregateType, aggregateId, aggregateVersion, eventType, time, commandId, commandOffset,
                commandEvent, correlationId, principal, schemaVersion, data, Optional.empty());
    }

    /**
     * The event's place among the events its command recorded: {@code index} of {@code count}, from 1. On the wire
     * the extensions {@code ce_commandeventindex} and {@code ce_commandeventcount}; an event written before they
     * existed reads as the only event of its command.
     */
    public record CommandEvent(int index, int count) {

        /** What an event without the extensions is taken for. */
        public static final CommandEvent ONLY = new CommandEvent(1, 1);

        public CommandEvent {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("an event is number 1 to count (>= 1) of its command, not "
                        + index + " of " + count);
            }
        }

        /** Whether the command's events end with this one. */
        public boolean isLast() {
            return index == count;
        }
    }

    /** {@code ce_type}: {@code bank-account.MoneyDeposited}. */
    public String cloudEventType() {
        return aggregateType + "." + eventType;
    }

    /** The same event, recorded under the span {@code trace} names. */
    public EventEnvelope withTrace(TraceContext trace) {
        return new EventEnvelope(id, aggregateType, aggregateId, aggregateVersion, eventType, time, commandId,
                commandOffset, commandEvent, correlationId, principal, schemaVersion, data, Optional.of(trace));
    }

    /** {@code ce_source}: {@code /annals/bank-account}. */
    public String source() {
        return "/annals/" + aggregateType;
    }

    // A record compares arrays by reference; an event is a value, so compare its data by content.
    @Override
    public boolean equals(Object other) {
        return other instanceof EventEnvelope that
                && aggregateVersion == that.aggregateVersion
                && commandOffset == that.commandOffset
                && commandEvent.equals(that.commandEvent)
                && schemaVersion == that.schemaVersion
                && id.equals(that.id)
                && aggregateType.equals(that.aggregateType)
                && aggregateId.equals(that.aggregateId)
                && eventType.equals(that.eventType)
                && time.equals(that.time)
                && commandId.equals(that.commandId)
                && correlationId.equals(that.correlationId)
                && principal.equals(that.principal)
                && trace.equals(that.trace)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, aggregateType, aggregateId, aggregateVersion, eventType, time, commandId,
                commandOffset, commandEvent, correlationId, principal, schemaVersion, trace) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EventEnvelope[" + cloudEventType() + " " + aggregateId + " v" + aggregateVersion + " id=" + id
                + " command=" + commandId + "@" + commandOffset + " (" + commandEvent.index() + "/"
                + commandEvent.count() + ")]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
