package dev.annals.query.testing;

import dev.annals.devstack.testing.TestTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A minimal Server-Sent Events client over the JDK's HTTP client: what a browser's EventSource does. */
public final class SseClient implements AutoCloseable {

    /** One event: its id, its name and its data. */
    public record Event(String id, String name, String data) {
    }


    private final BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;

    private SseClient(Stream<String> lines) {
        this.lines = lines;
        this.reader = new Thread(this::read, "sse-client");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Connects, sending {@code Last-Event-ID} unless it is null, and insists on a 200 event stream. */
    public static SseClient connect(String url, String lastEventId) {
        return connect(url, lastEventId, TestTokens.defaultBearer());
    }

    /** Connects as the caller of {@code authorization}; insists on a 200 event stream. */
    public static SseClient connect(String url, String lastEventId, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", authorization);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        // HTTP/1.1 and a connection of its own, as a browser's EventSource over plain http has; the JDK's default
        // would try to upgrade to HTTP/2 and share one connection between streams
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).as("connecting to %s", url).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            return new SseClient(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + url, e);
        }
    }

    /** The next event, waiting at most {@code timeout} for it. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("an event within %s", timeout).isNotNull();
        return event;
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        received.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                }
            }
        } catch (RuntimeException closed) {
            // the stream was closed: the test is done with it
        }
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
