package dev.annals.command.wire;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.HashMap;
import java.util.Map;

/**
 * Converts between Kafka's record headers and the plain header maps of {@code annals-core}'s codecs, which know
 * nothing of Kafka.
 */
public final class KafkaHeaderMaps {

    private KafkaHeaderMaps() {
    }

    /** Header name to value; of a header given twice, the last one counts. */
    public static Map<String, byte[]> toMap(Headers headers) {
        Map<String, byte[]> map = new HashMap<>();
        for (Header header : headers) {
            map.put(header.key(), header.value());
        }
        return map;
    }

    public static Headers toKafka(Map<String, byte[]> headers) {
        RecordHeaders kafka = new RecordHeaders();
        headers.forEach(kafka::add);
        return kafka;
    }
}
