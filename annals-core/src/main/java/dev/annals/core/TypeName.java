package dev.annals.core;

import java.util.regex.Pattern;

/**
 * The rule for names that end up in topic names, URL paths and CloudEvents attributes: aggregate types
 * ({@code bank-account}) and consumer names ({@code event-journal}). Lower-case kebab-case, 1–64 characters,
 * so that every derived Kafka topic name stays legal and short.
 */
public final class TypeName {

    public static final int MAX_LENGTH = 64;
    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private TypeName() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && KEBAB_CASE.matcher(name).matches();
    }

    /** Returns {@code name} if it is valid, else throws naming what was expected. */
    public static String require(String name, String what) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(what + " must be lower-case kebab-case of at most " + MAX_LENGTH
                    + " characters (like bank-account), not " + (name == null ? "null" : "\"" + name + "\""));
        }
        return name;
    }
}
