package dev.annals.command.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * {@code annals_commands_total{type,command,outcome}} and the latency histogram
 * {@code annals_command_seconds{type,command,outcome}}. A type or command this service does not know is counted
 * as {@value #UNKNOWN}, so a scan of random paths cannot blow up the number of series.
 */
@Singleton
public class CommandMetrics {

    /** The label of a type or command the service does not know. */
    public static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;

    CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String type, String command, String outcome, Duration latency) {
        Counter.builder("annals.commands")
                .description("Commands answered by the gateway, by outcome")
                .tags("type", type, "command", command, "outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("annals.command")
                .description("Time from request to answer")
                .tags("type", type, "command", command, "outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }
}
