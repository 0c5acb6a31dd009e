package dev.annals.system.orderbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.system.support.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The order books' events as they are in their topic, read from the CloudEvents headers by hand. */
public final class BookLog {

    public static final String TOPIC = "annals.order-book.events";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event: its book, its name (without the type prefix) and its data. */
    public record BookEvent(String book, String type, JsonNode data) {
    }

    private BookLog() {
    }

    public static List<BookEvent> of(String bootstrapServers, String book) {
        return new Topics(bootstrapServers).readAll(TOPIC).stream()
                .filter(record -> header(record, "ce_subject").filter(book::equals).isPresent())
                .map(record -> new BookEvent(book, header(record, "ce_type").orElseThrow()
                        .substring("order-book.".length()), data(record)))
                .toList();
    }

    private static JsonNode data(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
