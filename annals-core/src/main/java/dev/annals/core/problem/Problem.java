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

    /**
     * A problem for a bare HTTP status, as a framework answers it (an unknown path, a wrong method): the title is
     * the reason phrase and the code the same in upper snake case, {@code Method Not Allowed} →
     * {@code METHOD_NOT_ALLOWED}.
     *
     * @param reasonPhrase null for a status without one; the title is then {@code HTTP <status>}
     */
    public static Problem ofStatus(int status, String reasonPhrase, String detail) {
        String title = reasonPhrase != null ? reasonPhrase : "HTTP " + status;
        String code = title.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
        return of(status, title, code, detail);
    }

    /**
     * The detail of a problem the HTTP framework raised (no such path, a method the path does not answer...), in
     * the API's words rather than the framework's ("HTTP 404 Not Found", "RESTEASY003210: ...").
     */
    public static String frameworkDetail(int status, String reasonPhrase) {
        return switch (status) {
            case 404 -> "there is nothing at this path; the API is described by its OpenAPI document (/q/openapi)";
            case 405 -> "this path does not answer that method; the API is described by its OpenAPI document"
                    + " (/q/openapi)";
            case 406 -> "this endpoint cannot answer in a media type the Accept header allows";
            case 415 -> "this endpoint does not take a body of that Content-Type";
            default -> reasonPhrase != null ? reasonPhrase : "HTTP " + status;
        };
    }

    /** This problem with one more member, e.g. {@code commandId} or {@code violations}. */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, code, detail, more);
    }
}
