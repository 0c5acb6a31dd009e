package dev.annals.consumer.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Test code only: the runtime's metrics, except that an armed consumer dies when it records a batch, which it does
 * right after the batch's commit and before acknowledging it to Kafka (see {@link ProcessDeath}).
 */
@Alternative
@Priority(1)
@Singleton
class DyingMetrics extends ConsumerMetrics {

    private final ProcessDeath death;

    DyingMetrics(MeterRegistry registry, ProcessDeath death) {
        super(registry);
        this.death = death;
    }

    @Override
    public void batch(String projection, Duration took) {
        super.batch(projection, took);
        death.dieIfDue(ProcessDeath.Point.AFTER_DATABASE_COMMIT);
    }
}
