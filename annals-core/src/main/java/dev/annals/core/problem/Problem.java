package dev.annals.core.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An RFC 9457 problem document, the body of every error answer ({@code application/problem+json}). {@code code}
 * is the stable, machine-readable part ({@code INSUFFICIENT_FUNDS}, {@code VERSION_CONFLICT}); {@code type} is
 * the same code as a URI.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "code", "detail"})
public record Problem(String type, String title, int status, String code, String detail,
                      @JsonAnyGetter Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://annals.dev/problems/";

    public Problem {
        extensions = Map.copyOf(extensions);
    }

    public static Problem of(int status, String title, String code, String detail) {
        return new Problem(TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'), title, status, code, detail,
                Map.of());
    }

    /** This problem with one more member, e.g. {@code commandId} or {@code violations}. */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, code, detail, more);
    }
}
