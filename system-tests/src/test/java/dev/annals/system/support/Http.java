package dev.annals.system.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tests' HTTP client: one request, one {@link Answer}, counted in the {@link Summary}. A request that gets no
 * answer at all (refused, reset, timed out) throws {@link IOException}, which is the caller's to interpret.
 */
public final class Http {

    /** Longer than the gateway's reply timeout (10 s), so that a slow command answers 504 rather than nothing. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    /** As the value of {@code Authorization}: send no such header at all, rather than the default one. */
    public static final String NO_AUTHORIZATION = "";

    private final Summary summary;
    private final String authorization;

    /**
     * @param authorization the {@code Authorization} of every request that sets none of its own: the tests of
     *                      what the system does call it as a caller with every role
     */
    public Http(Summary summary, String authorization) {
        this.summary = summary;
        this.authorization = authorization;
    }

    /** An answer: status, headers (lower-case names, first value) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public String contentType() {
            return header("content-type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    public Answer post(String url, String body, Map<String, String> headers) throws IOException {
        return send("POST", url, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    public Answer get(String url, Map<String, String> headers) throws IOException {
        return send("GET", url, HttpRequest.BodyPublishers.noBody(), headers);
    }

    public Answer send(String method, String url, HttpRequest.BodyPublisher body, Map<String, String> headers)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .method(method, body);
        headers.forEach((name, value) -> {
            if (!(name.equalsIgnoreCase("Authorization") && value.equals(NO_AUTHORIZATION))) {
                request.header(name, value);
            }
        });
        if (headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            request.header("Authorization", authorization);
        }
        summary.requests(1);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> first = new HashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    first.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
            return new Answer(response.statusCode(), Map.copyOf(first), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
