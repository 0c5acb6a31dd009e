package dev.annals.consumer.runtime.failure;

import dev.annals.consumer.runtime.ConsumerMetrics;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.RunnerServices;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.consumer.runtime.loop.BatchEntry;
import dev.annals.consumer.runtime.loop.RunnerHealth;
import org.jboss.logging.Logger;

/**
 * Sends a consumer's event that cannot be applied to its dead-letter topic, once: the ledger remembers which
 * events have a letter, so that a rebuild failing an event the live consumer (or an earlier rebuild) dead-lettered
 * does not send it again. A letter Kafka cannot store yet is tried again, the runner RETRYING meanwhile.
 */
public final class DeadLettering {

    private static final Logger LOG = Logger.getLogger(DeadLettering.class);

    private final ConsumerPlan plan;
    private final Integer rebuildGeneration;
    private final RunnerServices services;
    private final RunnerHealth health;
    private final Retrying retrying;

    public DeadLettering(ConsumerPlan plan, Integer rebuildGeneration, RunnerServices services, RunnerHealth health,
                         Retrying retrying) {
        this.plan = plan;
        this.rebuildGeneration = rebuildGeneration;
        this.services = services;
        this.health = health;
        this.retrying = retrying;
    }

    public void send(BatchEntry entry, Throwable reason, int attempts) {
        String consumerName = health.consumerName();
        String position = entry.record().topic() + "-" + entry.record().partition() + "@" + entry.offset();
        boolean sentBefore = retrying.await(() -> services.transactions().inTransaction(sql ->
                DeadLetterLedger.has(sql, plan.name(), entry.partition(), entry.offset())));
        if (sentBefore) {
            // one letter is enough; its aggregate is parked in this generation all the same
            LOG.infof("consumer %s: %s fails again (%s); its dead letter is in %s already", consumerName, position,
                    Failures.describe(reason), plan.deadLetterTopic());
            return;
        }
        LOG.warnf("consumer %s: %s goes to %s: %s", consumerName, position, plan.deadLetterTopic(),
                Failures.describe(reason));
        services.deadLetters().send(plan.name(), entry.record(), reason, attempts, health::running, failure -> {
            health.state(RunnerState.RETRYING);
            health.failed(new IllegalStateException("cannot store the dead letter of " + position + " in "
                    + plan.deadLetterTopic() + ": " + failure, failure));
            services.metrics().retry(plan.name(), "dead-letter");
        });
        health.goingOnAgain(); // stored: a quiet partition must not say RETRYING until its next event
        retrying.await(() -> services.transactions().inTransaction(sql -> DeadLetterLedger.record(sql, plan.name(),
                entry.partition(), entry.offset(), rebuildGeneration, Failures.describe(reason))));
        services.metrics().events(plan.name(), ConsumerMetrics.DEAD_LETTERED, 1);
    }
}
