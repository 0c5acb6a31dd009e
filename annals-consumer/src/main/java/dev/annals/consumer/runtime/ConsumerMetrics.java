package dev.annals.consumer.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The projections' meters:
 * <ul>
 *   <li>{@code annals_projection_events_total{projection,outcome}}: applied, ignored (no handler), dead-lettered;</li>
 *   <li>{@code annals_projection_batch_seconds{projection}}: one transaction, decode to commit;</li>
 *   <li>{@code annals_projection_retries_total{projection,cause}}: transient (database away) or handler;</li>
 *   <li>{@code annals_projection_lag{projection,topic,partition}}: end offset minus checkpoint, refreshed
 *       periodically;</li>
 *   <li>{@code annals_projection_dead_letters{projection}}: records in its dead-letter topic.</li>
 * </ul>
 */
@ApplicationScoped
public class ConsumerMetrics {

    public static final String APPLIED = "applied";
    public static final String IGNORED = "ignored";
    public static final String DEAD_LETTERED = "dead-lettered";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void events(String projection, String outcome, long count) {
        if (count > 0) {
            Counter.builder("annals.projection.events").tags("projection", projection, "outcome", outcome)
                    .register(registry).increment(count);
        }
    }

    public void batch(String projection, Duration took) {
        Timer.builder("annals.projection.batch").tags("projection", projection).register(registry).record(took);
    }

    public void retry(String projection, String cause) {
        Counter.builder("annals.projection.retries").tags("projection", projection, "cause", cause)
                .register(registry).increment();
    }

    void lag(String projection, TopicPartition partition, long lag) {
        gauge("annals.projection.lag", Tags.of("projection", projection, "topic", partition.topic(),
                "partition", Integer.toString(partition.partition()))).set(lag);
    }

    void deadLetters(String projection, long count) {
        gauge("annals.projection.dead.letters", Tags.of("projection", projection)).set(count);
    }

    private AtomicLong gauge(String name, Tags tags) {
        return gauges.computeIfAbsent(name + tags, key -> registry.gauge(name, tags, new AtomicLong()));
    }
}
