package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.Sql;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.checkpoint.CheckpointStore;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A live runner: a member of its consumer's group, writing the generation in service. */
public final class GroupMembership implements Membership {

    private static final Logger LOG = Logger.getLogger(GroupMembership.class);
    /** How long to wait for the answer about one topic before leaving it to the subscription. */
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(10);

    private final ConsumerPlan plan;

    GroupMembership(ConsumerPlan plan) {
        this.plan = plan;
    }

    @Override
    public void configure(Map<String, Object> properties) {
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, plan.consumerGroup());
    }

    @Override
    public boolean join(KafkaConsumer<String, byte[]> kafka, ConsumerRebalanceListener seek) {
        requireReadable(kafka);
        kafka.subscribe(plan.topicPattern(), seek);
        return true;
    }

    /**
     * A pattern subscription quietly leaves out a topic its user may not describe, exactly as one that does not
     * exist yet, and the consumer would wait for it for ever, RUNNING and reading nothing. Asking for each topic by
     * name tells the two apart: Kafka refuses a topic without DESCRIBE by name ({@code
     * TopicAuthorizationException}, the runner FAILED, liveness down) and answers a missing one with no partitions
     * (the subscription picks it up once created). A broker that cannot be reached yet is not a refusal: the
     * consumer waits for it as before.
     */
    private void requireReadable(KafkaConsumer<String, byte[]> kafka) {
        for (String topic : plan.topics()) {
            try {
                kafka.partitionsFor(topic, DESCRIBE_TIMEOUT);
            } catch (TimeoutException notYet) {
                LOG.debugf("consumer %s: no answer about %s yet (%s)", plan.name(), topic, notYet.getMessage());
            }
        }
    }

    @Override
    public boolean reads(KafkaConsumer<String, byte[]> kafka) {
        return true;
    }

    @Override
    public Uni<Void> useTables(Sql sql) {
        CheckpointStore.shareProjectionLock(sql, plan.name());
        CheckpointStore.useServingGeneration(sql, plan.name(), plan.generationPrefix());
        return Uni.createFrom().voidItem();
    }

    @Override
    public boolean tellsReaders() {
        return true;
    }

    @Override
    public void committed(KafkaConsumer<String, byte[]> kafka, Batch batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        batch.positions().forEach((partition, position) -> offsets.put(partition, new OffsetAndMetadata(position)));
        // for tools such as kafka-consumer-groups only: the position is always read back from the database
        kafka.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) { // a rebalance took the partitions: the new owner reads the database's checkpoint
                LOG.debugf("consumer %s: Kafka's informative offsets not committed (%s)", plan.name(), failure);
            }
        });
    }

    @Override
    public boolean done(KafkaConsumer<String, byte[]> kafka) {
        return false;
    }
}
