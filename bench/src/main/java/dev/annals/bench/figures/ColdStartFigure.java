package dev.annals.bench.figures;

import dev.annals.bench.kafka.ChangelogSeed;
import dev.annals.bench.kafka.LogReader;
import dev.annals.bench.report.Measure;
import dev.annals.bench.report.Row;
import dev.annals.core.topic.Topics;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 7: how long command-service takes to become ready from an empty state directory, when the processor has
 * to restore N aggregates from the changelog first, against the same start with no aggregates at all (measured
 * before the bench wrote anything). The aggregates beyond the plan's accounts are copies of a real snapshot
 * written straight to the changelog ({@link ChangelogSeed}). Also notes how long a plain consumer takes to read
 * that changelog.
 */
public final class ColdStartFigure {

    private ColdStartFigure() {
    }

    /** The baseline: a restart while the store is empty, so only the JVM, Quarkus and Kafka Streams start. */
    public static Duration emptyStart(BenchContext context) {
        context.progress("figure 7: restarting command-service with no aggregates (the baseline)");
        return context.system().restartCommandService();
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
            Duration start = context.system().restartCommandService();
            context.record(new Row("7", String.format(Locale.ROOT, "processor cold start, %,d aggregates",
                    target), "launch to ready, empty state directory", Measure.seconds(start.toMillis() / 1e3),
                    "the same start with no aggregates", Measure.seconds(emptyStart.toMillis() / 1e3), ""));
        }
        Map<TopicPartition, Long> end = context.kafka().endOffsets(changelog);
        Duration read = new LogReader(context.system().endpoints().kafkaBootstrapServers()).readThrough(Map.of(), end);
        context.report().note(String.format(Locale.ROOT, "a plain consumer reads the whole changelog of the %,d "
                + "aggregates (%s) in %.2f s", aggregates, changelog, read.toMillis() / 1e3));
    }
}
