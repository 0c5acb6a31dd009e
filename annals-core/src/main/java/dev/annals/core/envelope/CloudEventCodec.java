package dev.annals.core.envelope;

import dev.annals.core.TypeName;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.rw.CloudEventRWException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps {@link EventEnvelope}s to and from CloudEvents in Kafka binary mode: the event's JSON is the record value,
 * every attribute a {@code ce_} header (see {@link EventHeaders}). The CloudEvents SDK does the mapping and the
 * spec's checks; this class adds Annals' own rules (source, type and extensions must all be present and agree).
 *
 * <p>Any Kafka client, or a CloudEvents SDK, can read the log without Annals.
 */
public final class CloudEventCodec {

    private static final String SOURCE_PREFIX = "/annals/";

    private CloudEventCodec() {
    }

    /** The event as a record: its CloudEvent's headers, and its trace in the plain W3C headers too. */
    public static EncodedRecord encode(EventEnvelope event) {
        EncodedRecord cloudEvent = new HeaderMapMessageWriter().writeBinary(toCloudEvent(event));
        if (event.trace().isEmpty()) {
            return cloudEvent;
        }
        Map<String, byte[]> headers = new LinkedHashMap<>(cloudEvent.headers());
        TraceContext trace = event.trace().get();
        headers.put(EventHeaders.W3C_TRACEPARENT, trace.traceparent().getBytes(StandardCharsets.UTF_8));
        trace.tracestate().ifPresent(state ->
                headers.put(EventHeaders.W3C_TRACESTATE, state.getBytes(StandardCharsets.UTF_8)));
        return new EncodedRecord(headers, cloudEvent.value());
    }

    /**
     * Reads a record of an events topic.
     *
     * @throws InvalidRecordException when the record is not a complete Annals event; the message says what is
     *                               missing or malformed
     */
    public static EventEnvelope decode(Map<String, byte[]> headers, byte[] value) {
        Objects.requireNonNull(headers, "headers");
        byte[] specVersion = headers.get(EventHeaders.SPEC_VERSION);
        if (specVersion == null) {
            throw new InvalidRecordException("not a CloudEvent in binary mode: header " + EventHeaders.SPEC_VERSION
                    + " is missing");
        }
        CloudEvent cloudEvent;
        try {
            SpecVersion version = SpecVersion.parse(new String(specVersion, StandardCharsets.UTF_8));
            cloudEvent = new HeaderMapMessageReader(version, headers, value).toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw new InvalidRecordException("not a valid CloudEvent: " + e.getMessage(), e);
        }
        EventEnvelope event = fromCloudEvent(cloudEvent);
        if (event.trace().isPresent()) {
            return event;
        }
        // a producer that knows W3C's headers but not the CloudEvents extension
        return TraceContext.read(utf8(headers.get(EventHeaders.W3C_TRACEPARENT)),
                utf8(headers.get(EventHeaders.W3C_TRACESTATE))).map(event::withTrace).orElse(event);
    }

    public static CloudEvent toCloudEvent(EventEnvelope event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(URI.create(event.source()))
                .withType(event.cloudEventType())
                .withSubject(event.aggregateId())
                .withTime(OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))
                .withDataContentType(EventHeaders.JSON)
                .withExtension(EventHeaders.AGGREGATE_VERSION_EXTENSION, event.aggregateVersion())
                .withExtension(EventHeaders.COMMAND_ID_EXTENSION, event.commandId())
                .withExtension(EventHeaders.COMMAND_OFFSET_EXTENSION, event.commandOffset())
                .withExtension(EventHeaders.COMMAND_EVENT_INDEX_EXTENSION, event.commandEvent().index())
                .withExtension(EventHeaders.COMMAND_EVENT_COUNT_EXTENSION, event.commandEvent().count())
                .withExtension(EventHeaders.CORRELATION_ID_EXTENSION, event.correlationId())
                .withExtension(EventHeaders.SCHEMA_VERSION_EXTENSION, event.schemaVersion())
                .withData(event.data());
        event.principal().ifPresent(principal -> builder.withExtension(EventHeaders.PRINCIPAL_EXTENSION, principal));
        event.trace().ifPresent(trace -> {
            builder.withExtension(EventHeaders.TRACEPARENT_EXTENSION, trace.traceparent());
            trace.tracestate().ifPresent(state -> builder.withExtension(EventHeaders.TRACESTATE_EXTENSION, state));
        });
        return builder.build();
    }

    /** @throws InvalidRecordException when an attribute Annals needs is missing or does not agree with the others */
    public static EventEnvelope fromCloudEvent(CloudEvent event) {
        String source = event.getSource().toString();
        if (!source.startsWith(SOURCE_PREFIX) || !TypeName.isValid(source.substring(SOURCE_PREFIX.length()))) {
            throw new InvalidRecordException("source must be /annals/<aggregate type>, not " + source);
        }
        String aggregateType = source.substring(SOURCE_PREFIX.length());
        String typePrefix = aggregateType + ".";
        if (!event.getType().startsWith(typePrefix)) {
            throw new InvalidRecordException("type " + event.getType() + " does not belong to source " + source
                    + " (expected " + typePrefix + "<EventName>)");
        }
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.startsWith(EventHeaders.JSON)) {
            throw new InvalidRecordException("data must be " + EventHeaders.JSON + ", not " + contentType);
        }
        if (event.getTime() == null) {
            throw new InvalidRecordException("attribute time is missing");
        }
        try {
            return new EventEnvelope(
                    event.getId(),
                    aggregateType,
                    required(event.getSubject(), "subject"),
                    number(event, EventHeaders.AGGREGATE_VERSION_EXTENSION),
                    event.getType().substring(typePrefix.length()),
                    event.getTime().toInstant(),
                    text(event, EventHeaders.COMMAND_ID_EXTENSION),
                    number(event, EventHeaders.COMMAND_OFFSET_EXTENSION),
                    commandEvent(event),
                    text(event, EventHeaders.CORRELATION_ID_EXTENSION),
                    Optional.ofNullable(event.getExtension(EventHeaders.PRINCIPAL_EXTENSION)).map(Object::toString),
                    Math.toIntExact(number(event, EventHeaders.SCHEMA_VERSION_EXTENSION)),
                    event.getData() == null ? new byte[0] : event.getData().toBytes(),
                    TraceContext.read(extension(event, EventHeaders.TRACEPARENT_EXTENSION),
                            extension(event, EventHeaders.TRACESTATE_EXTENSION)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw e instanceof InvalidRecordException invalid ? invalid
                    : new InvalidRecordException("invalid event " + event.getId() + ": " + e.getMessage(), e);
        }
    }

    /** Both extensions, or neither: an event from before they existed is its command's only one. */
    private static EventEnvelope.CommandEvent commandEvent(CloudEvent event) {
        boolean index = event.getExtension(EventHeaders.COMMAND_EVENT_INDEX_EXTENSION) != null;
        boolean count = event.getExtension(EventHeaders.COMMAND_EVENT_COUNT_EXTENSION) != null;
        if (!index && !count) {
            return EventEnvelope.CommandEvent.ONLY;
        }
        return new EventEnvelope.CommandEvent(
                Math.toIntExact(number(event, EventHeaders.COMMAND_EVENT_INDEX_EXTENSION)),
                Math.toIntExact(number(event, EventHeaders.COMMAND_EVENT_COUNT_EXTENSION)));
    }

    private static String extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String required(String value, String attribute) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRecordException("attribute " + attribute + " is missing");
        }
        return value;
    }

    private static String text(CloudEvent event, String extension) {
        Object value = event.getExtension(extension);
        return required(value == null ? null : value.toString(), extension);
    }

    // In binary mode every extension arrives as text; built in memory it may be a Number.
    private static long number(CloudEvent event, String extension) {
        Object value = event.getExtension(extension);
        if (value instanceof Number number) {
            return number.longValue();
        }
        String digits = required(value == null ? null : value.toString(), extension);
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("extension " + extension + " must be a whole number, not " + digits);
        }
    }
}
