package dev.annals.telemetry;

import dev.annals.core.envelope.TraceContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracesTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test");

    @Test
    void a_span_written_into_a_record_is_the_parent_of_the_span_that_reads_it() {
        Span written = tracer.spanBuilder("send").startSpan();
        TraceContext onTheRecord = Traces.of(written).orElseThrow();
        written.end();

        Span read = tracer.spanBuilder("process").setParent(Traces.parentOf(Optional.of(onTheRecord))).startSpan();
        read.end();

        SpanData process = spans.getFinishedSpanItems().get(1);
        assertThat(process.getTraceId()).isEqualTo(written.getSpanContext().getTraceId())
                .isEqualTo(onTheRecord.traceId());
        assertThat(process.getParentSpanId()).isEqualTo(written.getSpanContext().getSpanId())
                .isEqualTo(onTheRecord.parentSpanId());
        assertThat(process.getParentSpanContext().isRemote()).isTrue();
    }

    @Test
    void a_kafka_span_carries_the_messaging_conventions() {
        Traces.kafkaSpan(tracer, "send annals.bank-account.commands", SpanKind.PRODUCER,
                "annals.bank-account.commands", "send").startSpan().end();

        SpanData send = spans.getFinishedSpanItems().get(0);
        assertThat(send.getName()).isEqualTo("send annals.bank-account.commands");
        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(send.getAttributes().get(SpanAttributes.MESSAGING_SYSTEM)).isEqualTo("kafka");
        assertThat(send.getAttributes().get(SpanAttributes.MESSAGING_DESTINATION))
                .isEqualTo("annals.bank-account.commands");
        assertThat(send.getAttributes().get(SpanAttributes.MESSAGING_OPERATION)).isEqualTo("send");
    }

    @Test
    void vendor_state_travels_with_the_trace() {
        TraceContext incoming = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                Optional.of("congo=t61rcWkgMzE"));
        Span child = tracer.spanBuilder("process").setParent(Traces.parentOf(Optional.of(incoming))).startSpan();

        assertThat(Traces.of(child).orElseThrow().tracestate()).contains("congo=t61rcWkgMzE");
        child.end();
    }

    @Test
    void a_record_without_a_trace_starts_one_and_no_sdk_writes_none() {
        Span root = tracer.spanBuilder("process").setParent(Traces.parentOf(Optional.empty())).startSpan();
        assertThat(root.getSpanContext().isValid()).isTrue();
        assertThat(Span.fromContext(Traces.parentOf(Optional.empty())).getSpanContext())
                .isEqualTo(SpanContext.getInvalid());
        root.end();

        Span noop = OpenTelemetry.noop().getTracer("test").spanBuilder("send").startSpan();
        assertThat(Traces.of(noop)).isEmpty();
    }

    @Test
    void a_service_that_does_not_record_still_writes_a_trace_on_its_records() {
        Tracer unrecording = SdkTracerProvider.builder().setSampler(new OtlpExport().sampler(settings(
                Optional.empty(), Optional.empty(), 1.0))).addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build().get("test");
        TraceContext incoming = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                Optional.empty());
        Span span = unrecording.spanBuilder("process").setParent(Traces.parentOf(Optional.of(incoming)))
                .startSpan();
        span.end();

        assertThat(span.isRecording()).isFalse();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        TraceContext written = Traces.of(span).orElseThrow();
        assertThat(written.traceId()).isEqualTo(incoming.traceId());
        assertThat(written.parentSpanId()).isNotEqualTo(incoming.parentSpanId());
    }

    @Test
    void spans_are_recorded_when_exported_or_asked_for_and_sampled_by_trace_id() {
        OtlpExport export = new OtlpExport();
        URI collector = URI.create("http://collector:4318");
        assertThat(export.sampler(settings(Optional.empty(), Optional.empty(), 1.0)).getDescription())
                .isEqualTo("AlwaysOffSampler");
        assertThat(export.sampler(settings(Optional.of(collector), Optional.empty(), 1.0)).getDescription())
                .isEqualTo("AlwaysOnSampler");
        assertThat(export.sampler(settings(Optional.empty(), Optional.of(true), 1.0)).getDescription())
                .isEqualTo("AlwaysOnSampler");
        assertThat(export.sampler(settings(Optional.of(collector), Optional.of(false), 1.0)).getDescription())
                .isEqualTo("AlwaysOffSampler");
        assertThat(export.sampler(settings(Optional.of(collector), Optional.empty(), 0.25)).getDescription())
                .startsWith("TraceIdRatioBased{0.25");
        assertThatThrownBy(() -> export.sampler(settings(Optional.of(collector), Optional.empty(), 1.5)))
                .hasMessageContaining("annals.telemetry.sample-ratio");
    }

    private static TelemetrySettings settings(Optional<URI> endpoint, Optional<Boolean> record, double ratio) {
        return new TelemetrySettings() {
            @Override
            public Optional<URI> otlpEndpoint() {
                return endpoint;
            }

            @Override
            public Map<String, String> otlpHeaders() {
                return Map.of();
            }

            @Override
            public Duration otlpTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Optional<Boolean> record() {
                return record;
            }

            @Override
            public double sampleRatio() {
                return ratio;
            }
        };
    }

    @Test
    void the_endpoint_is_a_collector_base_or_its_traces_url() {
        assertThat(OtlpExport.tracesEndpoint(URI.create("http://collector:4318")))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(OtlpExport.tracesEndpoint(URI.create("https://collector:4318/")))
                .isEqualTo("https://collector:4318/v1/traces");
        assertThat(OtlpExport.tracesEndpoint(URI.create("http://collector:4318/v1/traces")))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThatThrownBy(() -> OtlpExport.tracesEndpoint(URI.create("collector:4317")))
                .hasMessageContaining("annals.telemetry.otlp-endpoint");
    }
}
