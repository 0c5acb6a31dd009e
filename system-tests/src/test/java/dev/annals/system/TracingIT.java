package dev.annals.system;

import dev.annals.system.support.Http;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import dev.annals.system.support.TraceCollector;
import dev.annals.system.support.TraceCollector.CollectedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from a command to every consumer, across the running system's processes, as their exported spans
 * show it in a collector: a client's trace context on the request that initiates a food order's payment, then
 * command-service's HTTP span, its send of the command record, the processor's span of it and of its event; the
 * projections' spans of that event (projection-service) and the payments reactor's (payment-service); the
 * processor's span of the command the reactor sent, and the projection's span of its event; and the client's read
 * of the status with its consistency token (query-service), which waited in a span of its own. Each span's parent
 * is the one before it: the links hold across Kafka, through the records' W3C and CloudEvents trace attributes.
 */
@Order(2)
@ExtendWith(SystemExtension.class)
class TracingIT {

    private static final Duration EXPORTED = Duration.ofSeconds(60);

    @Test
    void one_trace_links_the_request_the_processing_every_consumer_and_a_reactors_command(TheSystem system)
            throws Exception {
        Http http = system.http();
        TraceCollector traces = system.traces();
        HexFormat hex = HexFormat.of();
        SecureRandom random = new SecureRandom();
        String traceId = hex.formatHex(random.generateSeed(16));
        String clientSpan = hex.formatHex(random.generateSeed(8));
        traces.watch(traceId);
        Map<String, String> traced = new LinkedHashMap<>();
        traced.put("Content-Type", "application/json");
        traced.put("traceparent", "00-" + traceId + "-" + clientSpan + "-01");
        String command = system.commandUrls().getFirst();
        String order = "traced-" + Long.toHexString(System.nanoTime());
        assertThat(http.post(command + "/api/food-order/" + order + "/create",
                "{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":1}}",
                Map.of("Content-Type", "application/json")).status() / 100).isEqualTo(2);

        Http.Answer paid = http.post(command + "/api/food-order/" + order + "/initiate-payment",
                "{\"paymentData\":\"card ending 4242\"}", traced);
        assertThat(paid.status()).as("%s", paid).isEqualTo(200);
        Map<String, String> read = new LinkedHashMap<>(traced);
        read.remove("Content-Type");
        read.put("Annals-Consistency-Token", paid.header("Annals-Consistency-Token").orElseThrow());
        Http.Answer status = http.get(system.queryUrl() + "/api/delivery/orders/" + order + "/status", read);
        assertThat(status.status()).as("%s", status).isEqualTo(200);

        await("the trace's spans, exported by every service").atMost(EXPORTED).untilAsserted(() -> {
            List<CollectedSpan> spans = traces.spansOf(traceId);
            String all = traces.describe(traceId);
            CollectedSpan request = one(spans, all, "command-service", span -> span.kind() == SpanKind.SPAN_KIND_SERVER);
            assertThat(request.parentSpanId()).as("the client's span is the request's parent").isEqualTo(clientSpan);
            CollectedSpan send = one(spans, all, "command-service", named("send annals.food-order.commands"));
            assertThat(send.parentSpanId()).isEqualTo(request.spanId());
            CollectedSpan initiated = childOf(spans, all, send, "command-service",
                    named("process annals.food-order.commands"));
            assertThat(initiated.attributes()).containsEntry("annals.command", "initiate-payment")
                    .containsEntry("annals.outcome", "ACCEPTED");
            CollectedSpan paymentInitiated = childOf(spans, all, initiated, "command-service",
                    event("PaymentInitiated"));

            childOf(spans, all, paymentInitiated, "projection-service",
                    named("delivery-status process PaymentInitiated"));
            CollectedSpan reaction = childOf(spans, all, paymentInitiated, "payment-service",
                    named("payments process PaymentInitiated"));
            assertThat(reaction.attributes()).containsEntry("annals.consumer.kind", "reactor");

            CollectedSpan confirmed = childOf(spans, all, reaction, "command-service",
                    named("process annals.food-order.commands"));
            assertThat(confirmed.attributes()).containsEntry("annals.command", "confirm-payment")
                    .containsEntry("annals.outcome", "ACCEPTED");
            CollectedSpan paymentConfirmed = childOf(spans, all, confirmed, "command-service",
                    event("PaymentConfirmed"));
            childOf(spans, all, paymentConfirmed, "projection-service",
                    named("delivery-status process PaymentConfirmed"));

            CollectedSpan query = one(spans, all, "query-service", span -> span.kind() == SpanKind.SPAN_KIND_SERVER);
            assertThat(query.parentSpanId()).isEqualTo(clientSpan);
            childOf(spans, all, query, "query-service", named("await consistency delivery-status"));
        });
        system.summary().line("one trace: " + traces.spansOf(traceId).size() + " spans from "
                + traces.spansOf(traceId).stream().map(CollectedSpan::service).distinct().count()
                + " services, request to reactor's command to read");
    }

    private static Predicate<CollectedSpan> named(String name) {
        return span -> span.name().equals(name);
    }

    private static Predicate<CollectedSpan> event(String type) {
        return span -> span.name().equals("publish annals.food-order.events")
                && type.equals(span.attributes().get("annals.event.type"));
    }

    private static CollectedSpan one(List<CollectedSpan> spans, String all, String service,
                                     Predicate<CollectedSpan> which) {
        List<CollectedSpan> found = spans.stream().filter(span -> span.service().equals(service))
                .filter(which).toList();
        assertThat(found).as("one such span of %s in the trace:%n%s", service, all).hasSize(1);
        return found.getFirst();
    }

    private static CollectedSpan childOf(List<CollectedSpan> spans, String all, CollectedSpan parent,
                                         String service, Predicate<CollectedSpan> which) {
        return one(spans, all, service, which.and(span -> span.parentSpanId().equals(parent.spanId())));
    }
}
