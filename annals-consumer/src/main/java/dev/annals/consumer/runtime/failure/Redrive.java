package dev.annals.consumer.runtime.failure;

import dev.annals.consumer.Sql;
import dev.annals.consumer.runtime.ConsumerMetrics;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.RunnerServices;
import dev.annals.consumer.runtime.checkpoint.CheckpointStore;
import dev.annals.consumer.runtime.loop.BatchEntry;
import dev.annals.consumer.runtime.loop.EventDecoder;
import dev.annals.consumer.runtime.loop.VersionOrder;
import dev.annals.consumer.runtime.reactor.Reactions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A parked aggregate's events applied again once what failed is fixed (a handler, the data it needs): the parked
 * event and then every event held behind it, read back from Kafka at their offsets, through the consumer's
 * handlers and version rule, in one transaction that also unparks it — under the checkpoint lock of its
 * partition, so the live consumer's batch of that partition waits, then finds the aggregate unparked and goes on
 * with it. Any failure changes nothing: the aggregate stays parked, and the answer says why. A reactor's redrive
 * reacts outside any transaction, as its pipeline does, the aggregate parked until the last reaction is recorded
 * (see {@link #reactOnce}); its commands carry the same derived keys as the first try.
 *
 * <p>An event that will never apply (one its handler refuses for good, a gap no fix fills) is skipped only by an
 * operator's explicit choice ({@code skipParkedEvent}): counted as applied without its handler if it was the
 * aggregate's next version, dropped if not, and the held events applied after it, the version rule still checking
 * each; the skip is logged beside the event's dead letter.
 */
public final class Redrive {

    private static final Logger LOG = Logger.getLogger(Redrive.class);

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    /** How many times a redrive starts over when events of its aggregate are held while it runs. */
    private static final int MAX_ATTEMPTS = 5;

    private final ConsumerPlan plan;
    private final RunnerServices services;

    public Redrive(ConsumerPlan plan, RunnerServices services) {
        this.plan = plan;
        this.services = services;
    }

    /** The aggregates parked in the generation in service. */
    public List<ParkedAggregate> parked() {
        return parked(null, null);
    }

    /** The parked aggregates, or the one named; each with all of its held events counted, whatever their versions. */
    private List<ParkedAggregate> parked(String aggregateType, String aggregateId) {
        String one = aggregateType == null ? "" : " where p.aggregate_type = $1 and p.aggregate_id = $2";
        Object[] arguments = aggregateType == null ? new Object[0] : new Object[] {aggregateType, aggregateId};
        return services.transactions().inTransaction(sql -> useServing(sql).chain(() -> sql.query(
                        "select p.aggregate_type, p.aggregate_id, p.version, p.topic, p.partition, p.kafka_offset,"
                                + " p.reason, p.parked_at, (select count(*) from " + Parking.HELD + " h"
                                + " where h.aggregate_type = p.aggregate_type and h.aggregate_id = p.aggregate_id)"
                                + " from " + Parking.PARKED + " p" + one
                                + " order by p.parked_at, p.aggregate_type, p.aggregate_id", arguments)))
                .map(rows -> rows.stream().map(Redrive::parked).toList())
                .await().atMost(FETCH_TIMEOUT);
    }

    /**
     * Redrives one aggregate; answers how many events were applied. Its events are read from Kafka before the
     * transaction (no lock is held while Kafka answers); in it, under the partition's checkpoint lock and the parked
     * row's, the held events are listed again: if one was held meanwhile, the redrive starts over with it, a few
     * times, so that none is left behind an unparked aggregate.
     */
    public int run(String aggregateType, String aggregateId, boolean skipParkedEvent) {
        for (int attempt = 1; ; attempt++) {
            try {
                return plan.reacting().isPresent() ? reactOnce(aggregateType, aggregateId, skipParkedEvent)
                        : runOnce(aggregateType, aggregateId, skipParkedEvent);
            } catch (EventsArrived arrived) {
                if (attempt == MAX_ATTEMPTS) {
                    throw RedriveException.stillFailing(plan.name(), aggregateType, aggregateId, new IllegalStateException(
                            "its events kept arriving while it was redriven (" + MAX_ATTEMPTS + " tries); try again"));
                }
            }
        }
    }

    /** What a redrive reads before its work: the parked row, the held events' offsets, the events to apply. */
    private record Read(ParkedAggregate parked, List<Long> heldOffsets, BatchEntry parkedEvent,
                        List<BatchEntry> events) {
    }

    /**
     * The parked aggregate's events read back from Kafka, in log order — the parked event first, then those held
     * behind it, whatever versions they carry — without the parked one if it is skipped; one that cannot be decoded
     * is a refusal.
     */
    private Read read(String aggregateType, String aggregateId, boolean skipParkedEvent) {
        ParkedAggregate parked = parked(aggregateType, aggregateId).stream().findFirst()
                .orElseThrow(() -> RedriveException.notParked(plan.name(), aggregateType, aggregateId));
        List<Long> offsets = heldOffsets(aggregateType, aggregateId);
        List<Long> toRead = new ArrayList<>(offsets);
        toRead.add(parked.offset());
        Map<Long, BatchEntry> read = read(new TopicPartition(parked.topic(), parked.partition()), toRead);
        BatchEntry parkedEvent = read.get(parked.offset());
        List<BatchEntry> events = new ArrayList<>(read.values()); // in log order
        if (skipParkedEvent) {
            events.remove(parkedEvent);
        }
        for (BatchEntry event : events) {
            if (event.isPoison()) {
                throw RedriveException.stillFailing(plan.name(), aggregateType, aggregateId, event.poison());
            }
        }
        return new Read(parked, offsets, parkedEvent, events);
    }

    private int runOnce(String aggregateType, String aggregateId, boolean skipParkedEvent) {
        Read redriven = read(aggregateType, aggregateId, skipParkedEvent);
        ParkedAggregate parked = redriven.parked();
        List<Long> offsets = redriven.heldOffsets();
        TopicPartition partition = new TopicPartition(parked.topic(), parked.partition());
        BatchEntry parkedEvent = redriven.parkedEvent();
        List<BatchEntry> events = redriven.events();
        try {
            services.transactions().inTransaction(sql -> useServing(sql)
                            .chain(() -> CheckpointStore.lock(sql, plan.name(), List.of(partition)))
                            .chain(() -> sql.query("select kafka_offset from " + Parking.PARKED
                                    + " where aggregate_type = $1 and aggregate_id = $2 for update", aggregateType,
                                    aggregateId))
                            .chain(rows -> rows.isEmpty() || rows.getFirst().getLong(0) != parked.offset()
                                    ? Uni.createFrom().failure(RedriveException.notParked(plan.name(), aggregateType,
                                    aggregateId))
                                    : Uni.createFrom().voidItem())
                            .invoke(() -> {
                                if (skipParkedEvent && parkedEvent.envelope() != null) {
                                    VersionOrder.skip(sql, parkedEvent.envelope());
                                }
                            })
                            .chain(() -> heldOffsets(sql, aggregateType, aggregateId))
                            .chain(heldNow -> !heldNow.equals(offsets) ? Uni.createFrom().failure(new EventsArrived())
                                    : Multi.createFrom().iterable(events)
                                    .onItem().transformToUniAndConcatenate(event -> plan.apply(event.type(),
                                            event.event(), event.envelope(), event.position(), sql))
                                    .collect().last())
                            .invoke(() -> unpark(sql, aggregateType, aggregateId))
                            .invoke(() -> {
                                if (skipParkedEvent) {
                                    // the operator's decision, for the record: its dead letter stays the event's copy
                                    LOG.warnf("consumer %s: %s %s redriven without its parked event %s-%d@%d (%s)",
                                            plan.name(), aggregateType, aggregateId, parked.topic(),
                                            parked.partition(), parked.offset(), parked.reason());
                                }
                            }))
                    .await().atMost(services.reactors().reactionTimeout().plus(FETCH_TIMEOUT));
        } catch (RedriveException | EventsArrived refused) {
            throw refused;
        } catch (RuntimeException failure) {
            Failures.rethrowIfFatal(failure);
            throw RedriveException.stillFailing(plan.name(), aggregateType, aggregateId, failure);
        }
        services.metrics().events(plan.name(), ConsumerMetrics.APPLIED, events.size());
        return events.size();
    }

    /**
     * A reactor's redrive: its reactions run as the pipeline runs them — outside any transaction, one after another,
     * each recorded in a short one — while the aggregate stays parked, so that its events arriving meanwhile are
     * held, not reacted to out of turn. Then, under the parked row's lock, the held events are listed again: if one
     * arrived, the redrive starts over (those reacted to are found recorded); if not, the aggregate is unparked. A
     * reaction that fails leaves the aggregate parked, the ones before it recorded (a redrive after the fix goes on
     * from there).
     */
    private int reactOnce(String aggregateType, String aggregateId, boolean skipParkedEvent) {
        Read redriven = read(aggregateType, aggregateId, skipParkedEvent);
        ParkedAggregate parked = redriven.parked();
        List<Long> offsets = redriven.heldOffsets();
        BatchEntry parkedEvent = redriven.parkedEvent();
        List<BatchEntry> events = redriven.events();
        Duration each = services.reactors().reactionTimeout().plus(FETCH_TIMEOUT);
        try {
            if (skipParkedEvent && parkedEvent.envelope() != null) {
                services.transactions().inTransaction(sql -> useServing(sql)
                        .invoke(() -> VersionOrder.skip(sql, parkedEvent.envelope()))).await().atMost(each);
            }
            Reactions reactions = Reactions.forRedrive(plan, services, this::useServing);
            for (List<BatchEntry> run : Reactions.runsOf(events)) {
                reactions.redriven(run).await().atMost(each);
            }
            services.transactions().inTransaction(sql -> useServing(sql)
                            .chain(() -> sql.query("select kafka_offset from " + Parking.PARKED
                                    + " where aggregate_type = $1 and aggregate_id = $2 for update", aggregateType,
                                    aggregateId))
                            .chain(rows -> rows.isEmpty() || rows.getFirst().getLong(0) != parked.offset()
                                    ? Uni.createFrom().failure(RedriveException.notParked(plan.name(), aggregateType,
                                    aggregateId))
                                    : heldOffsets(sql, aggregateType, aggregateId))
                            .chain(heldNow -> !heldNow.equals(offsets) ? Uni.createFrom().failure(new EventsArrived())
                                    : Uni.createFrom().voidItem())
                            .invoke(() -> unpark(sql, aggregateType, aggregateId)))
                    .await().atMost(FETCH_TIMEOUT);
        } catch (RedriveException | EventsArrived refused) {
            throw refused;
        } catch (RuntimeException failure) {
            Failures.rethrowIfFatal(failure);
            throw RedriveException.stillFailing(plan.name(), aggregateType, aggregateId, failure);
        }
        if (skipParkedEvent) {
            LOG.warnf("consumer %s: %s %s redriven without its parked event %s-%d@%d (%s)", plan.name(),
                    aggregateType, aggregateId, parked.topic(), parked.partition(), parked.offset(), parked.reason());
        }
        services.metrics().events(plan.name(), ConsumerMetrics.APPLIED, events.size());
        return events.size();
    }

    private List<Long> heldOffsets(String aggregateType, String aggregateId) {
        return services.transactions().inTransaction(sql -> useServing(sql)
                        .chain(() -> heldOffsets(sql, aggregateType, aggregateId)))
                .await().atMost(FETCH_TIMEOUT);
    }

    private static Uni<List<Long>> heldOffsets(Sql sql, String aggregateType, String aggregateId) {
        return sql.query("select kafka_offset from " + Parking.HELD + " where aggregate_type = $1 and aggregate_id = $2"
                        + " order by kafka_offset", aggregateType, aggregateId)
                .map(rows -> rows.stream().map(row -> row.getLong(0)).toList());
    }

    /** An event of the aggregate was held between the redrive's reads and its transaction. */
    private static final class EventsArrived extends RuntimeException {
        EventsArrived() {
            super(null, null, false, false);
        }
    }

    private static void unpark(Sql sql, String aggregateType, String aggregateId) {
        sql.exec("delete from " + Parking.HELD + " where aggregate_type = $1 and aggregate_id = $2", aggregateType,
                aggregateId);
        sql.exec("delete from " + Parking.PARKED + " where aggregate_type = $1 and aggregate_id = $2",
                aggregateType, aggregateId).expectRows(1, () -> aggregateType + " " + aggregateId + " was unparked meanwhile");
    }

    /** The live consumer's tables: the generation in service, kept from a swap until commit. */
    private Uni<Void> useServing(Sql sql) {
        CheckpointStore.shareProjectionLock(sql, plan.name());
        CheckpointStore.useServingGeneration(sql, plan.name(), plan.generationPrefix());
        return Uni.createFrom().voidItem();
    }

    /** The records at {@code offsets} of one partition, decoded as the consumer decodes them, in log order. */
    private Map<Long, BatchEntry> read(TopicPartition partition, List<Long> offsets) {
        EventDecoder decoder = new EventDecoder(plan.types(), plan.handlers());
        Map<Long, BatchEntry> read = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(services.kafka().config(
                "redrive-" + plan.name(), Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            kafka.assign(List.of(partition));
            for (long offset : new TreeSet<>(offsets)) {
                if (read.containsKey(offset)) {
                    continue; // fetched with an earlier one
                }
                kafka.seek(partition, offset);
                long until = System.nanoTime() + FETCH_TIMEOUT.toNanos();
                while (!read.containsKey(offset)) {
                    if (System.nanoTime() - until > 0) {
                        throw new IllegalStateException("cannot read " + partition + "@" + offset
                                + " from Kafka within " + FETCH_TIMEOUT.toSeconds() + " s");
                    }
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                        if (offsets.contains(record.offset())) {
                            read.put(record.offset(), decoder.decode(record));
                        }
                    }
                }
            }
        }
        return read;
    }

    private static ParkedAggregate parked(Row row) {
        return new ParkedAggregate(row.getString(0), row.getString(1), row.getLong(2), row.getString(3),
                row.getInteger(4), row.getLong(5), row.getString(6), row.getOffsetDateTime(7).toInstant(),
                row.getLong(8));
    }
}
