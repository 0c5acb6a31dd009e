package dev.annals.core.envelope;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Maps {@link CommandEnvelope}s to and from the headers and value of a commands-topic record. */
public final class CommandCodec {

    private CommandCodec() {
    }

    public static EncodedRecord encode(CommandEnvelope command) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(CommandHeaders.COMMAND_ID, utf8(command.commandId()));
        headers.put(CommandHeaders.COMMAND, utf8(command.commandName()));
        command.idempotencyKey().ifPresent(key -> headers.put(CommandHeaders.IDEMPOTENCY_KEY, utf8(key)));
        command.expectedVersion().ifPresent(version ->
                headers.put(CommandHeaders.EXPECTED_VERSION, utf8(Long.toString(version))));
        headers.put(CommandHeaders.CORRELATION_ID, utf8(command.correlationId()));
        headers.put(CommandHeaders.PRINCIPAL, utf8(command.principal()));
        command.replyTo().ifPresent(topic -> headers.put(CommandHeaders.REPLY_TO, utf8(topic)));
        headers.put(CommandHeaders.CONTENT_TYPE, utf8(EventHeaders.JSON));
        command.trace().ifPresent(trace -> {
            headers.put(CommandHeaders.TRACEPARENT, utf8(trace.traceparent()));
            trace.tracestate().ifPresent(state -> headers.put(CommandHeaders.TRACESTATE, utf8(state)));
        });
        return new EncodedRecord(headers, command.payload());
    }

    /**
     * Reads a record of the commands topic of {@code aggregateType}, whose key is {@code aggregateId}.
     *
     * @throws InvalidRecordException when a header is missing or malformed
     */
    public static CommandEnvelope decode(String aggregateType, String aggregateId, Map<String, byte[]> headers,
                                         byte[] value) {
        EncodedRecord record = new EncodedRecord(headers, value == null ? new byte[0] : value);
        String expectedVersion = record.header(CommandHeaders.EXPECTED_VERSION).orElse(null);
        try {
            return new CommandEnvelope(
                    required(record, CommandHeaders.COMMAND_ID),
                    aggregateType,
                    aggregateId,
                    required(record, CommandHeaders.COMMAND),
                    record.header(CommandHeaders.IDEMPOTENCY_KEY),
                    expectedVersion == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(expectedVersion)),
                    required(record, CommandHeaders.CORRELATION_ID),
                    required(record, CommandHeaders.PRINCIPAL),
                    record.value(),
                    record.header(CommandHeaders.REPLY_TO),
                    TraceContext.read(record.header(CommandHeaders.TRACEPARENT).orElse(null),
                            record.header(CommandHeaders.TRACESTATE).orElse(null)));
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("header " + CommandHeaders.EXPECTED_VERSION
                    + " must be a whole number, not " + expectedVersion, e);
        } catch (IllegalArgumentException e) {
            throw e instanceof InvalidRecordException invalid ? invalid
                    : new InvalidRecordException("invalid command record: " + e.getMessage(), e);
        }
    }

    private static String required(EncodedRecord record, String header) {
        Optional<String> value = record.header(header);
        return value.orElseThrow(() -> new InvalidRecordException("header " + header + " is missing"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
