package dev.annals.system.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for an OpenTelemetry Collector, on loopback: every service of {@link TheSystem} exports its spans here
 * ({@code annals.telemetry.otlp-endpoint}), as a deployment's services export to a real collector. It decodes the
 * OTLP/HTTP protobuf requests with OpenTelemetry's own protocol classes and keeps the spans of the traces a test
 * watches; the others it only counts, so a load test's spans cost no memory.
 */
public final class TraceCollector implements AutoCloseable {

    private static final String TRACES = "/v1/traces";

    private final HttpServer server;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final List<CollectedSpan> spans = new CopyOnWriteArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final Set<String> services = ConcurrentHashMap.newKeySet();

    /** One span as a service exported it; ids in lower-case hex, the parent's empty for a root. */
    public record CollectedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                                Span.SpanKind kind, Map<String, String> attributes) {

        @Override
        public String toString() {
            return service + ": " + name + " [" + kind + "] " + spanId + " <- " + parentSpanId;
        }
    }

    private TraceCollector(HttpServer server) {
        this.server = server;
    }

    public static TraceCollector start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TraceCollector collector = new TraceCollector(server);
        server.createContext(TRACES, collector::export);
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "trace-collector");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return collector;
    }

    /** What a service's {@code annals.telemetry.otlp-endpoint} is set to. */
    public String endpoint() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Keeps the spans of trace {@code traceId} (32 hex digits) from now on. */
    public void watch(String traceId) {
        watched.add(traceId);
    }

    public List<CollectedSpan> spansOf(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** The services ({@code service.name}) that exported spans here. */
    public Set<String> services() {
        return Set.copyOf(services);
    }

    /** Spans received in all, watched or not. */
    public long received() {
        return received.get();
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = attributes(resource.getResource()).getOrDefault("service.name", "?");
                services.add(service);
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        received.incrementAndGet();
                        String traceId = hex(span.getTraceId().toByteArray());
                        if (watched.contains(traceId)) {
                            spans.add(new CollectedSpan(service, traceId, hex(span.getSpanId().toByteArray()),
                                    hex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(),
                                    attributes(span.getAttributesList())));
                        }
                    }
                }
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private static Map<String, String> attributes(Resource resource) {
        return attributes(resource.getAttributesList());
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            values.put(attribute.getKey(), text(attribute.getValue()));
        }
        return values;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** For a failure message: the spans of a trace, one per line. */
    public String describe(String traceId) {
        List<String> lines = new ArrayList<>();
        spansOf(traceId).forEach(span -> lines.add(span.toString()));
        return String.join("\n", lines);
    }
}
