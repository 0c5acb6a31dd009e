package dev.annals.bench.figures;

import dev.annals.bench.http.Answer;
import dev.annals.bench.kafka.ChangelogSeed;
import dev.annals.bench.kafka.LogReader;
import dev.annals.bench.report.Measure;
import dev.annals.bench.report.Row;
import dev.annals.core.topic.Topics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 7: how long command-service takes, from an empty state directory, until it decides commands on every
 * partition (launch, readiness, then one command per partition answered by the processor), when the processor has
 * to restore N aggregates from the changelog first, against the same start with no aggregates at all (measured
 * before the bench wrote anything). The aggregates beyond the plan's accounts are copies of a real snapshot
 * written straight to the changelog ({@link ChangelogSeed}). Also notes how long a plain consumer takes to read
 * that changelog.
 */
public final class ColdStartFigure {

    private ColdStartFigure() {
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(3);

    /** The baseline: a restart while the store is empty, so only the JVM, Quarkus and Kafka Streams start. */
    public static Duration emptyStart(BenchContext context) {
        context.progress("figure 7: restarting command-service with no aggregates (the baseline)");
        return coldStart(context);
    }

    /**
     * Restarts command-service and answers the time from launch until a command on each partition was decided.
     * Readiness alone is not the end: Kafka Streams may report RUNNING while a task still restores its store in
     * the background, and a command waits for that.
     */
    private static Duration coldStart(BenchContext context) {
        long start = System.nanoTime();
        context.system().restartCommandService();
        int partitions = context.kafka().partitions(Topics.commands(Bank.TYPE));
        long deadline = start + PROBE_TIMEOUT.toNanos();
        for (int partition = 0; partition < partitions; partition++) {
            String account = probeAccount(partition, partitions);
            while (true) {
                // a deposit to an account nobody opened: the decider refuses it (409) once the partition runs
                Answer answer = context.bank().deposit(context.http(), account).toCompletableFuture().join();
                if (answer.status() == 409) {
                    break;
                }
                if (System.nanoTime() > deadline || (answer.status() != 503 && answer.status() != 504)) {
                    throw new IllegalStateException("after a restart, a probe on partition " + partition
                            + " was answered " + answer.status() + "; expected 409, or 503/504 while starting");
                }
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** An account id that Kafka's default partitioner puts in {@code partition}, as it does its commands. */
    private static String probeAccount(int partition, int partitions) {
        for (int n = 0; ; n++) {
            String id = "bench-probe-" + n;
            byte[] key = id.getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % partitions == partition) {
                return id;
            }
        }
    }

    /** The aggregates so far are the plan's accounts; each count is reached by seeding more. */
    public static void measure(BenchContext context, Duration emptyStart) {
        String changelog = Topics.aggregateChangelog(Bank.PROCESSOR_GROUP, Bank.TYPE);
        ChangelogSeed seed = new ChangelogSeed(context.system().endpoints().kafkaBootstrapServers());
        byte[] snapshot = seed.template(changelog);
        long aggregates = context.plan().accounts();
        for (int target : context.plan().coldStartAggregates()) {
            context.progress(String.format(Locale.ROOT, "figure 7: seeding the changelog up to %,d aggregates",
                    target));
            seed.write(changelog, snapshot, aggregates, target, Bank::account);
            aggregates = target;
            context.progress(String.format(Locale.ROOT, "figure 7: restarting command-service with %,d aggregates",
                    target));
            Duration start = coldStart(context);
            context.record(new Row("7", String.format(Locale.ROOT, "processor cold start, %,d aggregates",
                    target), "launch to deciding on every partition, empty state directory", Measure.seconds(start.toMillis() / 1e3),
                    "the same start with no aggregates", Measure.seconds(emptyStart.toMillis() / 1e3), ""));
        }
        Map<TopicPartition, Long> end = context.kafka().endOffsets(changelog);
        Duration read = new LogReader(context.system().endpoints().kafkaBootstrapServers()).readThrough(Map.of(), end);
        context.report().note(String.format(Locale.ROOT, "a plain consumer reads the whole changelog of the %,d "
                + "aggregates (%s) in %.2f s", aggregates, changelog, read.toMillis() / 1e3));
    }
}
