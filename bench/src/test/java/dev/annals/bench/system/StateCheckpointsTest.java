package dev.annals.bench.system;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StateCheckpointsTest {

    private static final String CHANGELOG = "annals-command-processor-bank-account-aggregates-changelog";

    @TempDir
    Path state;

    @Test
    void a_checkpointed_partition_restores_from_its_checkpoint_and_one_without_from_its_start() throws IOException {
        Path task = Files.createDirectories(state.resolve("annals-command-processor").resolve("0_0"));
        // Kafka Streams' OffsetCheckpoint: version, count, then topic partition offset; -4 is "unknown"
        Files.writeString(task.resolve(".checkpoint"), "0\n2\n" + CHANGELOG + " 0 990\n" + CHANGELOG + " 1 -4\n");

        StateCheckpoints checkpoints = StateCheckpoints.in(state);

        TopicPartition zero = new TopicPartition(CHANGELOG, 0);
        TopicPartition one = new TopicPartition(CHANGELOG, 1);
        TopicPartition two = new TopicPartition(CHANGELOG, 2);
        assertThat(checkpoints.offsets()).containsExactly(Map.entry(zero, 990L));
        assertThat(checkpoints.offsetsToRestore(Map.of(zero, 0L, one, 0L, two, 5L),
                Map.of(zero, 1_000L, one, 300L, two, 25L))).isEqualTo(10 + 300 + 20);
    }

    @Test
    void a_directory_that_does_not_exist_has_no_checkpoints() {
        assertThat(StateCheckpoints.in(state.resolve("none")).offsets()).isEmpty();
    }
}
