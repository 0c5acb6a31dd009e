package dev.annals.consumer.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /admin/projections} shows of one projection or reactor.
 *
 * @param kind          {@code PROJECTION} or {@code REACTOR} (never rebuilt)
 * @param state         of its live consumer in this instance (null if it runs elsewhere only)
 * @param generation    the generation of tables in service
 * @param lag           end offset minus checkpoint, summed over its partitions; null when Kafka does not tell the
 *                      ends of its topics (see {@code kafkaUnavailable})
 * @param deadLetters   records in its dead-letter topic; null when Kafka does not tell
 * @param parked        aggregates parked at a dead-lettered event, their later events held until a redrive ({@code
 *                      GET /admin/projections/<name>/parked}); null when the database does not tell
 * @param eventsApplied by this instance since it started
 * @param kafkaUnavailable why the lag or the dead letters are unknown (Kafka unreachable, or a right missing:
 *                      a status that cannot read every topic still shows the state and the last error)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsumerStatus(String name, ConsumerPlan.Kind kind, RunnerState state, int generation, List<String> topics, Long lag,
                               List<PartitionStatus> partitions, Long deadLetters, Long parked, long eventsApplied,
                               Failure lastError, Rebuild rebuild, String kafkaUnavailable) {

    /** One partition: the checkpoint, the end of the log (last stable offset) and the difference. */
    public record PartitionStatus(String topic, int partition, long checkpoint, long commandOffset, long endOffset,
                                  long lag) {
    }

    public record Failure(String message, Instant at) {
    }

    /** A rebuild under way: its generation, its consumer's state here, and how far it still has to go. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rebuild(int generation, RunnerState state, Long lag) {
    }
}
