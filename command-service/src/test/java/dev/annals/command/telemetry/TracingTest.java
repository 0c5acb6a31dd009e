package dev.annals.command.telemetry;

import dev.annals.command.testing.Api;
import dev.annals.command.testing.EventLog;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.devstack.testing.DevstackTestResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.annals.command.testing.Api.BANK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command's trace through command-service: the caller's trace context on the request, the request's span, the
 * send of the command record under it, the processor's span of the record under that, and a span for each event
 * under the processor's — whose context the event carries to every consumer.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class TracingTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void the_request_its_command_record_the_processing_and_each_event_are_one_trace() {
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(new SecureRandom().generateSeed(16));
        String clientSpan = hex.formatHex(new SecureRandom().generateSeed(8));
        String account = Api.newAccountId("traced");

        assertThat(Api.command(account, "open", "{\"owner\":\"ann\"}",
                Map.of("traceparent", "00-" + traceId + "-" + clientSpan + "-01")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId)).toList();
            SpanData request = one(trace, span -> span.getKind() == SpanKind.SERVER);
            assertThat(request.getParentSpanId()).isEqualTo(clientSpan);
            SpanData send = one(trace, span -> span.getName().equals("send annals.bank-account.commands"));
            assertThat(send.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
            SpanData process = one(trace, span -> span.getName().equals("process annals.bank-account.commands"));
            assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
            SpanData publish = one(trace, span -> span.getName().equals("publish annals.bank-account.events"));
            assertThat(publish.getParentSpanId()).isEqualTo(process.getSpanId());

            EventEnvelope opened = EventLog.of(BANK, account).getFirst();
            assertThat(opened.trace()).hasValueSatisfying(carried -> {
                assertThat(carried.traceId()).isEqualTo(traceId);
                assertThat(carried.parentSpanId()).isEqualTo(publish.getSpanId());
            });
        });
    }

    @Test
    void a_request_without_trace_context_starts_a_trace_that_its_events_carry() {
        String account = Api.newAccountId("untraced");
        assertThat(Api.command(account, "open", "{\"owner\":\"ann\"}").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            EventEnvelope opened = EventLog.of(BANK, account).getFirst();
            String traceId = opened.trace().orElseThrow().traceId();
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId)).toList();
            assertThat(one(trace, span -> span.getKind() == SpanKind.SERVER).getParentSpanContext().isValid())
                    .as("the request's span is the trace's root").isFalse();
        });
    }

    private static SpanData one(List<SpanData> trace, Predicate<SpanData> which) {
        List<SpanData> found = trace.stream().filter(which).toList();
        assertThat(found).as("one such span in %s", trace).hasSize(1);
        return found.getFirst();
    }
}
