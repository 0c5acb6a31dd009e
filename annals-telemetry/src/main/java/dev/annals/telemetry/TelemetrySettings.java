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
}
