package dev.annals.query.consistency;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * {@code annals.query.consistency.wait}: how long reads with a consistency token waited, by projection and
 * outcome: {@code reached} (it waited, then the projection got there), {@code immediate} (already there),
 * {@code not-applicable} (the token names no type the projection reads), {@code timeout} (answered 504).
 * {@code annals.query.consistency.waiting}: reads waiting now.
 */
@ApplicationScoped
public class ConsistencyMetrics {

    public static final String WAIT = "annals.query.consistency.wait";
    public static final String WAITING = "annals.query.consistency.waiting";

    /** How a consistency wait ended. */
    public enum Outcome {
        REACHED("reached"), IMMEDIATE("immediate"), NOT_APPLICABLE("not-applicable"), TIMEOUT("timeout");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;

    ConsistencyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The gauge keeps only a weak reference to {@code owner}: pass a bean, which lives as long as the service. */
    <T> void waiting(T owner, ToDoubleFunction<T> count) {
        registry.gauge(WAITING, Tags.empty(), owner, count);
    }

    void record(String projection, Outcome outcome, Duration waited) {
        Timer.builder(WAIT)
                .description("Time reads with a consistency token waited for their projection")
                .tag("projection", projection)
                .tag("outcome", outcome.tag)
                .register(registry)
                .record(waited);
    }
}
