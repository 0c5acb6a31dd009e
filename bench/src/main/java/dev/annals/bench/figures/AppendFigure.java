package dev.annals.bench.figures;

import dev.annals.bench.kafka.CommandBacklog;
import dev.annals.bench.kafka.LogReader;
import dev.annals.bench.kafka.LogSample;
import dev.annals.bench.kafka.ProducerPerformance;
import dev.annals.bench.report.Measure;
import dev.annals.bench.report.Row;
import dev.annals.core.topic.Topics;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Map;

/**
 * Figure 3: events appended per second by the command processor working through a backlog of deposits (read the
 * command, load the aggregate, decide, write the event, the new snapshot and the reply in one transaction),
 * against Kafka's ProducerPerformance writing records of the events' average size with the same producer
 * settings: acks=all, idempotence, one transaction per commit interval.
 */
public final class AppendFigure {

    private static final String BASELINE_TOPIC = "annals-bench.producer-performance";
    /** annals.processor.commit-interval's default: how long each of the processor's transactions stays open. */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(20);

    private AppendFigure() {
    }

    public static void measure(BenchContext context) {
        String bootstrap = context.system().endpoints().kafkaBootstrapServers();
        String events = Topics.events(Bank.TYPE);
        int deposits = context.plan().backlog();
        int accounts = context.plan().accounts();
        context.progress("figure 3: the processor works through " + deposits + " deposits");
        Map<TopicPartition, Long> before = context.kafka().endOffsets(events);
        long start = System.nanoTime();
        try (CommandBacklog backlog = new CommandBacklog(bootstrap)) {
            for (int n = 0; n < deposits; n++) {
                backlog.send(Bank.TYPE, Bank.account(n % accounts), "deposit", "{\"amount\":1}");
            }
            backlog.flush();
        }
        context.bank().awaitProcessed();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LogSample appended = new LogReader(bootstrap).sample(before, context.kafka().endOffsets(events));
        if (appended.records() != deposits) {
            throw new IllegalStateException("the processor appended " + appended.records() + " events for "
                    + deposits + " deposits on open accounts");
        }
        double annals = appended.records() / (took.toNanos() / 1e9);

        int recordSize = (int) Math.round(appended.averageBytes());
        context.progress("figure 3: ProducerPerformance, " + deposits + " records of " + recordSize + " bytes");
        context.kafka().createTopic(BASELINE_TOPIC, context.kafka().partitions(events));
        double baseline = ProducerPerformance.run(new ProducerPerformance.Settings(bootstrap, BASELINE_TOPIC,
                deposits, recordSize, COMMIT_INTERVAL), context.output());
        context.record(new Row("3", "events appended", deposits + " deposits from a backlog",
                Measure.perSecond(annals, "events"),
                "ProducerPerformance, " + recordSize + " B, acks=all, idempotent, a transaction per "
                        + COMMIT_INTERVAL.toMillis() + " ms",
                Measure.perSecond(baseline, "records"), ""));
    }
}
