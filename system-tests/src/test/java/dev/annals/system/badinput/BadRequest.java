package dev.annals.system.badinput;

import java.util.Map;

/**
 * One request no correct server may accept, with the category it was generated in (for the report).
 *
 * @param body empty for no body at all
 */
public record BadRequest(String category, String method, String url, Map<String, String> headers, String body) {

    static BadRequest post(String category, String url, String body) {
        return new BadRequest(category, "POST", url, Map.of("Content-Type", "application/json"), body);
    }

    static BadRequest post(String category, String url, String body, Map<String, String> headers) {
        return new BadRequest(category, "POST", url, headers, body);
    }

    static BadRequest get(String category, String url, Map<String, String> headers) {
        return new BadRequest(category, "GET", url, headers, "");
    }

    @Override
    public String toString() {
        String shown = body.length() > 120 ? body.substring(0, 120) + "… (" + body.length() + " chars)" : body;
        return category + ": " + method + " " + (url.length() > 200 ? url.substring(0, 200) + "…" : url) + " "
                + headers + " " + shown;
    }
}
