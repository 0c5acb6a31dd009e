package dev.annals.system.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A bank-account event as it is in the topic, read from the CloudEvents headers by hand (no Annals code), so the
 * tests' view of the log does not share a bug with the system's.
 */
public record LoggedEvent(String account, long version, String type, int partition, long offset,
                          long commandOffset, JsonNode data) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE_PREFIX = "bank-account.";

    /** Empty for a record that is not a bank-account CloudEvent (a poison record a test wrote). */
    public static Optional<LoggedEvent> of(ConsumerRecord<byte[], byte[]> record) {
        Optional<String> subject = header(record, "ce_subject");
        Optional<String> type = header(record, "ce_type");
        Optional<String> version = header(record, "ce_aggregateversion");
        Optional<String> commandOffset = header(record, "ce_commandoffset");
        if (subject.isEmpty() || type.isEmpty() || version.isEmpty() || commandOffset.isEmpty()
                || !type.get().startsWith(TYPE_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LoggedEvent(subject.get(), Long.parseLong(version.get()),
                    type.get().substring(TYPE_PREFIX.length()), record.partition(), record.offset(),
                    Long.parseLong(commandOffset.get()), JSON.readTree(record.value())));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
