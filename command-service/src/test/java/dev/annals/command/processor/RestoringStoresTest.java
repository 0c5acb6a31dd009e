package dev.annals.command.processor;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestoringStoresTest {

    private static final TopicPartition CHANGELOG = new TopicPartition("app-bank-account-aggregates-changelog", 2);

    @Test
    void running_is_not_ready_while_a_store_restores() {
        RestoringStores restoring = new RestoringStores();
        assertThat(restoring.ready(KafkaStreams.State.RUNNING)).isTrue();

        restoring.onRestoreStart(CHANGELOG, "bank-account-aggregates", 0, 60_000);
        assertThat(restoring.ready(KafkaStreams.State.RUNNING)).as("RUNNING, one partition restoring").isFalse();
        assertThat(restoring.count()).isEqualTo(1);

        restoring.onBatchRestored(CHANGELOG, "bank-account-aggregates", 30_000, 30_000);
        assertThat(restoring.ready(KafkaStreams.State.RUNNING)).as("half way").isFalse();

        restoring.onRestoreEnd(CHANGELOG, "bank-account-aggregates", 60_000);
        assertThat(restoring.ready(KafkaStreams.State.RUNNING)).isTrue();
        assertThat(restoring.ready(KafkaStreams.State.REBALANCING)).isFalse();
    }

    @Test
    void a_restore_suspended_by_a_rebalance_no_longer_counts() {
        RestoringStores restoring = new RestoringStores();
        restoring.onRestoreStart(CHANGELOG, "bank-account-aggregates", 0, 60_000);
        restoring.onRestoreSuspended(CHANGELOG, "bank-account-aggregates", 10_000);
        assertThat(restoring.ready(KafkaStreams.State.RUNNING)).isTrue();
    }
}
