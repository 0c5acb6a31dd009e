package dev.annals.test;

import dev.annals.consumer.Sql;
import dev.annals.consumer.runtime.ConsumerMetrics;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.ConsumerSettings;
import dev.annals.consumer.runtime.ConsumerSpans;
import dev.annals.consumer.runtime.RunnerServices;
import dev.annals.consumer.runtime.checkpoint.CheckpointStore;
import dev.annals.consumer.runtime.failure.DeadLetterSink;
import dev.annals.consumer.runtime.loop.Batch;
import dev.annals.consumer.runtime.loop.ConsumerRunner;
import dev.annals.consumer.runtime.loop.EventDecoder;
import dev.annals.consumer.runtime.loop.Membership;
import dev.annals.consumer.runtime.reactor.ReactorSettings;
import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.EncodedRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runtime's own runner, embedded in a fixture: a given batch goes through the path a service's runner takes
 * after its poll — the events encoded as the command processor writes them and decoded as the runner reads them,
 * then the version rule and the handlers in one transaction with the checkpoint's lock, a batch that fails applied
 * again a command, then an event, at a time, an event that cannot be applied dead-lettered and its aggregate parked.
 * Only Kafka is left out: the fixture hands the batch over, and keeps the dead letters in a list of its own.
 */
final class EmbeddedRunner {

    /** A dead letter the fixture kept: the event's place in the fixture's log and why it could not be applied. */
    record Letter(long offset, String aggregateId, String reason, int attempts) {
    }

    private final FixtureDatabase database;
    private final ConsumerRunner runner;
    private final String consumer;
    private final List<Letter> letters = new CopyOnWriteArrayList<>();
    private final Set<TopicPartition> prepared = new HashSet<>();
    private final EventDecoder decoder;

    /** How long a batch's reactions may take before the fixture gives up waiting for them. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    EmbeddedRunner(ConsumerPlan plan, FixtureDatabase database) {
        this.database = database;
        this.consumer = database.schema();
        DeadLetterSink sink = (name, record, error, attempts, running, retrying) -> letters.add(new Letter(
                record.offset(), record.key(), String.valueOf(error.getMessage()), attempts));
        RunnerServices services = new RunnerServices(new Settings(), new Reactors(), null, database.transactions(), sink,
                new ConsumerMetrics(new SimpleMeterRegistry()), null,
                new ConsumerSpans(OpenTelemetry.noop().getTracer("annals-fixture")));
        this.decoder = new EventDecoder(plan.types(), plan.handlers());
        this.runner = ConsumerRunner.embedded(plan, consumer, services, new FixtureTables(database.schema()));
    }

    /** Applies the logged events as one poll's batch; answers the dead letters it caused. */
    List<Letter> apply(List<EventLog.Logged> events) {
        List<ConsumerRecord<String, byte[]>> records = events.stream().map(EmbeddedRunner::record).toList();
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            positions.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
        }
        prepare(positions.keySet());
        int before = letters.size();
        runner.handle(new Batch(records.stream().map(decoder::decode).toList(), positions), SETTLE_TIMEOUT);
        return List.copyOf(letters.subList(before, letters.size()));
    }

    /** The checkpoint rows of new partitions, created as a runner creates them when it is given a partition. */
    private void prepare(Set<TopicPartition> partitions) {
        List<TopicPartition> fresh = partitions.stream().filter(partition -> !prepared.contains(partition)).toList();
        if (!fresh.isEmpty()) {
            database.inTransaction(sql -> CheckpointStore.prepare(sql, consumer, fresh));
            prepared.addAll(fresh);
        }
    }

    /** The event as the command processor writes it: its CloudEvent headers, its data, its aggregate as the key. */
    private static ConsumerRecord<String, byte[]> record(EventLog.Logged logged) {
        EncodedRecord encoded = CloudEventCodec.encode(logged.envelope());
        RecordHeaders headers = new RecordHeaders();
        encoded.headers().forEach(headers::add);
        String key = logged.envelope().aggregateId();
        return new ConsumerRecord<>(logged.position().topic(), logged.position().partition(),
                logged.position().offset(), logged.envelope().time().toEpochMilli(), TimestampType.CREATE_TIME,
                key.getBytes(StandardCharsets.UTF_8).length, encoded.value().length, key, encoded.value(), headers,
                Optional.empty());
    }

    /** The fixture's schema: every transaction of the runner writes there, as a runner writes its generation's. */
    private record FixtureTables(String schema) implements Membership {

        @Override
        public void configure(Map<String, Object> properties) {
        }

        @Override
        public boolean join(KafkaConsumer<String, byte[]> kafka, ConsumerRebalanceListener seek) {
            return true;
        }

        @Override
        public boolean reads(KafkaConsumer<String, byte[]> kafka) {
            return true;
        }

        @Override
        public Uni<Void> useTables(Sql sql) {
            CheckpointStore.useSchema(sql, schema);
            return Uni.createFrom().voidItem();
        }

        @Override
        public boolean tellsReaders() {
            return false;
        }

        @Override
        public void committed(KafkaConsumer<String, byte[]> kafka, Batch batch) {
        }

        @Override
        public boolean done(KafkaConsumer<String, byte[]> kafka) {
            return false;
        }
    }

    /** A reactor's settings as the runtime's defaults; its commands go to the fixture's own bus, not through these. */
    private record Reactors() implements ReactorSettings {
        public Optional<String> principal() {
            return Optional.empty();
        }

        public Optional<Set<String>> roles() {
            return Optional.empty();
        }

        public Optional<String> replyTopic() {
            return Optional.empty();
        }

        public Duration replyTimeout() {
            return Duration.ofSeconds(10);
        }

        public Duration replyReaderGrace() {
            return Duration.ofSeconds(60);
        }

        public Duration reactionTimeout() {
            return Duration.ofSeconds(30);
        }

        public int concurrency() {
            return 16;
        }

        public int maxInFlight() {
            return 2000;
        }

        public boolean createReplyTopic() {
            return false;
        }

        public short replyReplicationFactor() {
            return 1;
        }

        public short replyMinInsyncReplicas() {
            return 1;
        }
    }

    /** The runtime's defaults, with backoffs short enough for a test: a failing event is tried 3 times at once. */
    private record Settings() implements ConsumerSettings {
        public int batchSize() {
            return 500;
        }

        public Duration pollTimeout() {
            return Duration.ofSeconds(1);
        }

        public int handlerAttempts() {
            return 3;
        }

        public Duration transientLimit() {
            return Duration.ofSeconds(5);
        }

        public Duration initialBackoff() {
            return Duration.ofMillis(1);
        }

        public Duration maxBackoff() {
            return Duration.ofMillis(10);
        }

        public Duration rebuildLease() {
            return Duration.ofSeconds(30);
        }

        public Duration deadlineCheckInterval() {
            return Duration.ofSeconds(1);
        }

        public Optional<Set<String>> disabled() {
            return Optional.empty();
        }

        public Optional<String> migrationDatasource() {
            return Optional.empty();
        }

        public boolean createDeadLetterTopics() {
            return false;
        }

        public int deadLetterPartitions() {
            return 1;
        }

        public short deadLetterReplicationFactor() {
            return 1;
        }

        public short deadLetterMinInsyncReplicas() {
            return 1;
        }

        public Map<String, String> kafka() {
            return Map.of();
        }
    }
}
