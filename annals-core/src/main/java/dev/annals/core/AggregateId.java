package dev.annals.core;

import java.util.regex.Pattern;

/**
 * The rule for aggregate ids: 1–128 characters of {@code [A-Za-z0-9._:-]}. Ids appear in URL paths, Kafka keys
 * and CloudEvents subjects, so the rule keeps them safe in all three without escaping.
 */
public final class AggregateId {

    public static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private AggregateId() {
    }

    public static boolean isValid(String id) {
        return id != null && ALLOWED.matcher(id).matches();
    }

    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("an aggregate id is 1-" + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : -, not " + (id == null ? "null" : "\"" + id + "\""));
        }
        return id;
    }
}
