package dev.annals.command.processor;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The changelog partitions a processor instance is restoring now. An instance can decide the commands of a task
 * only once its stores are restored; readiness asks this, not only the instance's state. Kafka Streams 4.1 keeps
 * an instance REBALANCING until its active tasks are restored (ReadinessWhileRestoringTest saw no RUNNING during a
 * restore), but it restores in the background (its state updater), and readiness must not rest on when it chooses
 * to say RUNNING. Standby tasks are not counted: they use another listener, and an instance needs no standby to
 * decide.
 */
public final class RestoringStores implements StateRestoreListener {

    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.add(partition);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
        // progress only; the partition is still restoring
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        // the task moved away (a rebalance): nothing of this instance restores it any more
        restoring.remove(partition);
    }

    /** How many changelog partitions are being restored now. */
    public int count() {
        return restoring.size();
    }

    /**
     * Whether an instance in {@code state} with these restorations can decide every command of its partitions:
     * RUNNING, and nothing restoring.
     */
    public boolean ready(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING && restoring.isEmpty();
    }
}
