package dev.annals.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** JSON that is broken or does not fit the record it should become. The message names the field at fault. */
public final class InvalidJsonException extends IllegalArgumentException {

    private final String path;

    private InvalidJsonException(String message, String path, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    static InvalidJsonException of(Class<?> type, IOException cause) {
        String path = cause instanceof JsonMappingException mapping
                ? mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[")
                : "";
        String detail = plainDetail(cause);
        String where = path.isEmpty() ? "" : " at " + path;
        return new InvalidJsonException("invalid " + type.getSimpleName() + " JSON" + where + ": " + detail, path, cause);
    }

    /**
     * Jackson's wording for the two mistakes clients make most (a wrong type, an unknown field) names Java
     * classes and Jackson settings; those get the API's own words. Anything else keeps Jackson's message.
     */
    private static String plainDetail(IOException cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return "unknown field \"" + unknown.getPropertyName() + "\"; the fields are " + known;
        }
        // a missing field is reported as a mismatch of its type; Jackson's own wording is the only thing that
        // tells it apart (DomainJsonTest notices should a Jackson upgrade change it)
        if (cause instanceof MismatchedInputException missing && missing.getOriginalMessage() != null
                && missing.getOriginalMessage().startsWith("Missing creator property")) {
            return "missing";
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && !(cause instanceof PropertyBindingException)) {
            String expected = expected(mismatch.getTargetType());
            if (expected != null) {
                return "expected " + expected;
            }
        }
        return cause instanceof JsonProcessingException processing ? processing.getOriginalMessage()
                : cause.getMessage();
    }

    private static String expected(Class<?> type) {
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        // for objects and arrays Jackson's message may be about something else (a missing component), so it stays
        return null;
    }

    /** The JSON path of the offending field ({@code items[2].sku}), or empty when the JSON itself is broken. */
    public String path() {
        return path;
    }
}
