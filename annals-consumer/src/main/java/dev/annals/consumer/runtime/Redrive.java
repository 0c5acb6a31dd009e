package dev.annals.consumer.runtime;

import dev.annals.consumer.Sql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parked aggregate's events applied again once what failed is fixed (a handler, the data it needs): the parked
 * event and then every event held behind it, read back from Kafka at their offsets, through the consumer's
 * handlers and version rule, in one transaction that also unparks it — under the checkpoint lock of its
 * partition, so the live consumer's batch of that partition waits, then finds the aggregate unparked and goes on
 * with it. Any failure changes nothing: the aggregate stays parked, and the answer says why. A reactor's redrive
 * sends its commands with the same derived keys as the first try.
 */
final class Redrive {

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final ProjectionPlan plan;
    private final RunnerServices services;

    Redrive(ProjectionPlan plan, RunnerServices services) {
        this.plan = plan;
        this.services = services;
    }

    /** The aggregates parked in the generation in service. */
    List<ParkedAggregate> parked() {
        return services.transactions().inTransaction(sql -> useServing(sql).chain(() -> sql.query(
                        "select p.aggregate_type, p.aggregate_id, p.version, p.topic, p.partition, p.kafka_offset,"
                                + " p.reason, p.parked_at, (select count(*) from " + Parking.HELD + " h"
                                + " where h.aggregate_type = p.aggregate_type and h.aggregate_id = p.aggregate_id"
                                + " and h.version > p.version) from " + Parking.PARKED + " p"
                                + " order by p.parked_at, p.aggregate_type, p.aggregate_id")))
                .map(rows -> rows.stream().map(Redrive::parked).toList())
                .await().atMost(FETCH_TIMEOUT);
    }

    /** Redrives one aggregate; answers how many events were applied. */
    int run(String aggregateType, String aggregateId) {
        ParkedAggregate parked = parked().stream().filter(p -> p.aggregateType().equals(aggregateType)
                        && p.aggregateId().equals(aggregateId)).findFirst()
                .orElseThrow(() -> RedriveException.notParked(plan.name(), aggregateType, aggregateId));
        List<Long> offsets = services.transactions().inTransaction(sql -> useServing(sql).chain(() -> sql.query(
                        "select kafka_offset from " + Parking.HELD + " where aggregate_type = $1 and aggregate_id = $2"
                                + " and version > $3 order by version", aggregateType, aggregateId, parked.version())))
                .map(rows -> rows.stream().map(row -> row.getLong(0)).toList())
                .await().atMost(FETCH_TIMEOUT);
        TopicPartition partition = new TopicPartition(parked.topic(), parked.partition());
        List<BatchEntry> events = new ArrayList<>();
        events.add(read(partition, parked.offset()));
        offsets.forEach(offset -> events.add(read(partition, offset)));
        for (BatchEntry event : events) {
            if (event.isPoison()) {
                throw RedriveException.stillFailing(plan.name(), aggregateType, aggregateId, event.poison());
            }
        }
        try {
            services.transactions().inTransaction(sql -> useServing(sql)
                            .chain(() -> CheckpointSql.lock(sql, plan.name(), List.of(partition)))
                            .chain(() -> sql.query("select version from " + Parking.PARKED + " where aggregate_type = $1"
                                    + " and aggregate_id = $2 for update", aggregateType, aggregateId))
                            .chain(rows -> rows.isEmpty() || rows.getFirst().getLong(0) != parked.version()
                                    ? Uni.createFrom().failure(RedriveException.notParked(plan.name(), aggregateType,
                                    aggregateId))
                                    : Multi.createFrom().iterable(events)
                                    .onItem().transformToUniAndConcatenate(event -> plan.apply(event.type(),
                                            event.event(), event.envelope(), event.position(), sql))
                                    .collect().last())
                            .invoke(() -> unpark(sql, aggregateType, aggregateId)))
                    .await().atMost(services.reactors().reactionTimeout().plus(FETCH_TIMEOUT));
        } catch (RedriveException refused) {
            throw refused;
        } catch (RuntimeException failure) {
            Failures.rethrowIfFatal(failure);
            throw RedriveException.stillFailing(plan.name(), aggregateType, aggregateId, failure);
        }
        return events.size();
    }

    private static void unpark(Sql sql, String aggregateType, String aggregateId) {
        sql.exec("delete from " + Parking.HELD + " where aggregate_type = $1 and aggregate_id = $2", aggregateType,
                aggregateId);
        sql.exec("delete from " + Parking.PARKED + " where aggregate_type = $1 and aggregate_id = $2",
                aggregateType, aggregateId).expectRows(1, () -> aggregateType + " " + aggregateId + " was unparked meanwhile");
    }

    /** The live consumer's tables: the generation in service, kept from a swap until commit. */
    private Uni<Void> useServing(Sql sql) {
        CheckpointSql.shareProjectionLock(sql, plan.name());
        CheckpointSql.useServingGeneration(sql, plan.name(), plan.generationPrefix());
        return Uni.createFrom().voidItem();
    }

    /** The record at {@code offset}, decoded as the consumer decodes it. */
    private BatchEntry read(TopicPartition partition, long offset) {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(services.kafka().config(
                "redrive-" + plan.name(), Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            kafka.assign(List.of(partition));
            kafka.seek(partition, offset);
            long until = System.nanoTime() + FETCH_TIMEOUT.toNanos();
            while (System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset) {
                        return new EventDecoder(plan.types(), plan.handlers()).decode(record);
                    }
                }
            }
            throw new IllegalStateException("cannot read " + partition + "@" + offset + " from Kafka within "
                    + FETCH_TIMEOUT.toSeconds() + " s");
        }
    }

    private static ParkedAggregate parked(Row row) {
        return new ParkedAggregate(row.getString(0), row.getString(1), row.getLong(2), row.getString(3),
                row.getInteger(4), row.getLong(5), row.getString(6), row.getOffsetDateTime(7).toInstant(),
                row.getLong(8));
    }
}
