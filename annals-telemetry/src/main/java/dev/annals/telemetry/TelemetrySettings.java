package dev.annals.telemetry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@code annals.telemetry.*}: where a service's spans go (docs/configuration.md, "Telemetry"). */
@ConfigMapping(prefix = "annals.telemetry")
public interface TelemetrySettings {

    /**
     * The OTLP/HTTP endpoint of a collector, e.g. {@code http://otel-collector.observability:4318}; spans go to
     * its {@code /v1/traces}. Unset (the default): no span leaves the service — traces are still made and their
     * context still travels on every command and event, so a service that exports continues them.
     */
    Optional<URI> otlpEndpoint();

    /** Headers on every export, e.g. {@code authorization} for a collector that wants one. */
    Map<String, String> otlpHeaders();

    /** How long one export may take before it is dropped. */
    @WithDefault("10s")
    Duration otlpTimeout();

    /**
     * Whether spans are recorded: by default only when {@link #otlpEndpoint()} is set — a span nobody exports
     * costs time for nothing. Unrecorded spans still have ids, so the records still carry a trace.
     */
    Optional<Boolean> record();

    /**
     * The share of traces recorded, decided on the trace id: every service with the same ratio keeps the same
     * traces whole, whatever a caller's or an unrecording service's sampled flag says.
     */
    @WithDefault("1.0")
    double sampleRatio();

    /** Whether this service records its spans. */
    default boolean recording() {
        return record().orElse(otlpEndpoint().isPresent());
    }
}
