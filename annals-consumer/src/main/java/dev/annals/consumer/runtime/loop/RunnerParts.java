package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.runtime.ConsumerMetrics;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.RunnerServices;
import dev.annals.consumer.runtime.failure.DeadLettering;
import dev.annals.consumer.runtime.failure.Retrying;

/**
 * What the parts of one runner share: its consumer, the services of every runner, and its own health, retries,
 * positions, command boundaries and dead letters.
 *
 * @param rebuildGeneration the generation a rebuild runner fills; null for a live one
 */
public record RunnerParts(ConsumerPlan plan, String consumerName, Integer rebuildGeneration,
                          RunnerServices services, RunnerHealth health, Retrying retrying, Positions positions,
                          CommandBoundaries boundaries, DeadLettering deadLettering) {

    static RunnerParts of(ConsumerPlan plan, Integer rebuildGeneration, RunnerServices services) {
        return of(plan, rebuildGeneration == null ? plan.name() : plan.rebuildConsumer(rebuildGeneration),
                rebuildGeneration, services);
    }

    static RunnerParts of(ConsumerPlan plan, String consumerName, Integer rebuildGeneration,
                          RunnerServices services) {
        RunnerHealth health = new RunnerHealth(consumerName);
        Retrying retrying = new Retrying(plan.name(), services, health);
        Positions positions = new Positions(consumerName, services, retrying);
        return new RunnerParts(plan, consumerName, rebuildGeneration, services, health, retrying, positions,
                new CommandBoundaries(new EventDecoder(plan.types(), plan.handlers()), services.settings().batchSize(),
                        positions),
                new DeadLettering(plan, rebuildGeneration, services, health, retrying));
    }

    /** Counts a batch's events as applied (or ignored, without a handler); {@code goingOn}: RETRYING ends. */
    public void counted(Batch batch, boolean goingOn) {
        long handled = batch.entries().stream().filter(e -> !e.isPoison() && e.handler() != null).count();
        long ignored = batch.entries().stream().filter(e -> !e.isPoison() && e.handler() == null).count();
        health.applied(handled);
        services.metrics().events(plan.name(), ConsumerMetrics.APPLIED, handled);
        services.metrics().events(plan.name(), ConsumerMetrics.IGNORED, ignored);
        if (goingOn) {
            health.goingOnAgain();
        }
    }

    public void counted(Batch batch) {
        counted(batch, true);
    }
}
