package dev.annals.consumer.runtime.failure;

import dev.annals.consumer.Sql;
import dev.annals.core.topic.TopicPolicy;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.common.TopicPartition;

/**
 * Which events a consumer has sent to its dead-letter topic ({@code annals_dead_letter}): asked before a letter is
 * sent, written once Kafka has it. A rebuild asks under its projection's name, so an event the live consumer (or an
 * earlier rebuild) dead-lettered is not sent again — its gap is still recorded in the new generation. Sent, then
 * written: a crash in between sends one letter twice at worst, never none.
 */
public final class DeadLetterLedger {

    private DeadLetterLedger() {
    }

    /**
     * Whether the event's letter is still in the dead-letter topic: sent, and younger than the topic's retention
     * (a letter the topic has deleted is sent again, or a replay tool would never see the event).
     */
    static Uni<Boolean> has(Sql sql, String consumer, TopicPartition partition, long offset) {
        return sql.query("select 1 from public.annals_dead_letter where consumer = $1 and topic = $2"
                        + " and partition = $3 and kafka_offset = $4 and dead_lettered_at > now() - $5 * interval"
                        + " '1 millisecond'", consumer, partition.topic(), partition.partition(), offset,
                Long.parseLong(TopicPolicy.DEAD_LETTER.configs().get("retention.ms")))
                .map(rows -> !rows.isEmpty());
    }

    static Uni<Void> record(Sql sql, String consumer, TopicPartition partition, long offset, Integer rebuildGeneration,
                            String reason) {
        return sql.update("insert into public.annals_dead_letter (consumer, topic, partition, kafka_offset,"
                        + " rebuild_generation, reason) values ($1, $2, $3, $4, $5, $6) on conflict do nothing", consumer,
                partition.topic(), partition.partition(), offset, rebuildGeneration, reason)
                .replaceWithVoid();
    }
}
