package dev.annals.telemetry;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.URI;

/**
 * The service's span exporter: OTLP/HTTP to {@code annals.telemetry.otlp-endpoint} once it is set, else none.
 * Quarkus's OpenTelemetry SDK batches the spans of every {@code SpanExporter} bean and hands them over (its
 * {@code cdi} exporter); tests add an in-memory one beside it.
 *
 * <p>Why not Quarkus's own OTLP exporter: it exports to {@code localhost:4317} unless told otherwise, and is
 * switched on or off only when the application is built — so a service built once could not run both without a
 * collector (devstack, the demo, the tests: silence, not a stream of failed exports) and with one (Kubernetes).
 * It is left out (annals-telemetry's META-INF/microprofile-config.properties) and the SDK's exporter built here
 * instead, from one setting read when the service starts.
 */
@Singleton
public class OtlpExport {

    private static final Logger LOG = Logger.getLogger(OtlpExport.class);
    private static final String TRACES_PATH = "/v1/traces";

    @Produces
    @Singleton
    SpanExporter spanExporter(TelemetrySettings settings) {
        if (settings.otlpEndpoint().isEmpty()) {
            return SpanExporter.composite();
        }
        String endpoint = tracesEndpoint(settings.otlpEndpoint().get());
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint)
                .setTimeout(settings.otlpTimeout());
        settings.otlpHeaders().forEach(exporter::addHeader);
        LOG.infof("spans are exported by OTLP/HTTP to %s", endpoint);
        return exporter.build();
    }

    /**
     * Which spans are recorded (Quarkus's OpenTelemetry takes a Sampler bean over its own setting): none unless
     * the service records (see {@link TelemetrySettings#recording()}), else a share of the traces by their ids —
     * not by the parent's sampled flag, which a service that does not record sets to "no" on every record.
     */
    @Produces
    @Singleton
    Sampler sampler(TelemetrySettings settings) {
        if (!settings.recording()) {
            return Sampler.alwaysOff();
        }
        double ratio = settings.sampleRatio();
        if (ratio < 0 || ratio > 1) {
            throw new IllegalStateException("annals.telemetry.sample-ratio is a share from 0 to 1, not " + ratio);
        }
        return ratio == 1 ? Sampler.alwaysOn() : Sampler.traceIdRatioBased(ratio);
    }

    /** {@code http://collector:4318} → {@code http://collector:4318/v1/traces}; a full traces URL is kept. */
    static String tracesEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalStateException("annals.telemetry.otlp-endpoint is an http(s) URL of an OTLP/HTTP "
                    + "collector (e.g. http://otel-collector:4318), not " + endpoint);
        }
        String text = endpoint.toString();
        if (text.endsWith(TRACES_PATH)) {
            return text;
        }
        return (text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + TRACES_PATH;
    }
}
