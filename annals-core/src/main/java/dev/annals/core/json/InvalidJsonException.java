package dev.annals.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.io.IOException;
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
        String detail = cause instanceof JsonProcessingException processing
                ? processing.getOriginalMessage()
                : cause.getMessage();
        String where = path.isEmpty() ? "" : " at " + path;
        return new InvalidJsonException("invalid " + type.getSimpleName() + " JSON" + where + ": " + detail, path, cause);
    }

    /** The JSON path of the offending field ({@code items[2].sku}), or empty when the JSON itself is broken. */
    public String path() {
        return path;
    }
}
