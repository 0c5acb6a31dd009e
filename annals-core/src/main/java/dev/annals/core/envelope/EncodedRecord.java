package dev.annals.core.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A command or event as a Kafka record carries it, without depending on the Kafka client: header name → bytes,
 * and the value. Services copy the headers to and from {@code org.apache.kafka.common.header.Headers}.
 */
public record EncodedRecord(Map<String, byte[]> headers, byte[] value) {

    public EncodedRecord {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A header as UTF-8 text. */
    public Optional<String> header(String name) {
        byte[] bytes = headers.get(name);
        return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }
}
