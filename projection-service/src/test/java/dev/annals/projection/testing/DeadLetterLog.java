package dev.annals.projection.testing;

import dev.annals.core.topic.Topics;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a projection's dead-letter topic to its end. */
public final class DeadLetterLog {

    /** One dead letter: the original key and the headers as text. */
    public record Letter(String key, Map<String, String> headers) {
    }

    private DeadLetterLog() {
    }

    public static List<Letter> of(String projection) {
        return TopicReader.all(Topics.deadLetter(projection)).stream().map(record -> {
            Map<String, String> headers = new HashMap<>();
            TopicReader.headers(record).forEach((key, value) ->
                    headers.put(key, value == null ? null : new String(value, StandardCharsets.UTF_8)));
            return new Letter(record.key(), headers);
        }).toList();
    }
}
