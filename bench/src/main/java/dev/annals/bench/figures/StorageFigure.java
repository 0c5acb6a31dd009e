package dev.annals.bench.figures;

import dev.annals.bench.kafka.LogReader;
import dev.annals.bench.kafka.LogSample;
import dev.annals.bench.postgres.ProjectionTables;
import dev.annals.bench.report.Measure;
import dev.annals.bench.report.Row;
import dev.annals.core.topic.Topics;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Figure 9: what the bank's history takes on disk, one copy (production keeps three of every topic). On the
 * broker, from its log directories ({@code describeLogDirs}: the segments, not their indexes): per event of the
 * events topic, per command of the commands topic and per snapshot the processor wrote to the aggregates'
 * changelog, over a phase of the run, against the same records' key, value and headers; and per aggregate of the
 * compacted changelog, from the seeded snapshots (one per aggregate, as compaction leaves it). In PostgreSQL
 * ({@code pg_total_relation_size}: table, indexes, TOAST): the bank-accounts read model per account, and the event
 * journal per event, which the bench runs alone at the end over the whole bank history.
 */
public final class StorageFigure {

    private static final Duration JOURNAL_TIMEOUT = Duration.ofMinutes(5);
    private static final String JOURNAL = "event-journal";
    /** Every projection's last version applied per aggregate (annals-consumer's VersionOrder). */
    private static final String VERSIONS = "annals_versions";

    /** The bank's topics at one moment: their bytes on the broker's disk, and their end offsets. */
    public record LogUsage(Map<String, Long> bytes, Map<String, Map<TopicPartition, Long>> ends) {
    }

    private record Log(String topic, String name, String unit) {
    }

    private static final List<Log> LOGS = List.of(
            new Log(Topics.events(Bank.TYPE), "events topic", "event"),
            new Log(Topics.commands(Bank.TYPE), "commands topic", "command"),
            new Log(Topics.aggregateChangelog(Bank.PROCESSOR_GROUP, Bank.TYPE), "aggregates changelog",
                    "snapshot written, before compaction"));

    private StorageFigure() {
    }

    public static LogUsage usage(BenchContext context) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        Map<String, Map<TopicPartition, Long>> ends = new LinkedHashMap<>();
        for (Log log : LOGS) {
            bytes.put(log.topic(), context.kafka().logBytes(log.topic()));
            ends.put(log.topic(), context.kafka().endOffsets(log.topic()));
        }
        return new LogUsage(bytes, ends);
    }

    /** The rows of what {@code phase} of the run added to each of the bank's topics, per record. */
    public static void topics(BenchContext context, String phase, LogUsage before, LogUsage after) {
        LogReader reader = new LogReader(context.system().endpoints().kafkaBootstrapServers());
        for (Log log : LOGS) {
            LogSample added = reader.sample(before.ends().get(log.topic()), after.ends().get(log.topic()));
            if (added.records() == 0) {
                throw new IllegalStateException(phase + " wrote nothing to " + log.topic());
            }
            long bytes = after.bytes().get(log.topic()) - before.bytes().get(log.topic());
            context.record(new Row("9", log.name() + " on disk, " + phase, String.format(Locale.ROOT,
                    "per %s, %,d of them", log.unit(), added.records()), Measure.bytes((double) bytes / added.records()),
                    "its key, value and headers", Measure.bytes(added.averageBytes()), ""));
        }
    }

    /** The compacted changelog's row: bytes per aggregate, from the snapshots seeded one per aggregate. */
    public static void compactedChangelog(BenchContext context, ColdStartFigure.Seeded seeded) {
        context.record(new Row("9", "aggregates changelog on disk, compacted", String.format(Locale.ROOT,
                "per aggregate, %,d snapshots seeded one per aggregate", seeded.aggregates()),
                Measure.bytes((double) seeded.logBytes() / seeded.aggregates()), "its key and value",
                Measure.bytes(seeded.recordBytes()), ""));
    }

    /**
     * The PostgreSQL rows: bank-accounts as the run left it, then the event journal, run alone over the whole bank
     * history until it has journaled every event.
     */
    public static void postgres(BenchContext context, ColdStartFigure.Seeded seeded) {
        ProjectionTables tables = new ProjectionTables(context.system().endpoints());
        String events = Topics.events(Bank.TYPE);
        long history = new LogReader(context.system().endpoints().kafkaBootstrapServers())
                .sample(Map.of(), context.kafka().endOffsets(events)).records();
        double onBroker = (double) context.kafka().logBytes(events) / history;

        String accounts = tables.schema(Bank.PROJECTION).orElseThrow();
        long accountRows = tables.rows(accounts, "accounts");
        long accountBytes = tables.bytes(accounts, "accounts") + tables.bytes(accounts, VERSIONS);
        context.record(new Row("9", Bank.PROJECTION + " in PostgreSQL", String.format(Locale.ROOT, "per account: "
                        + "its row and version row, with indexes; %,d accounts, %,d events", accountRows, history),
                Measure.bytes((double) accountBytes / accountRows),
                "an aggregate on the compacted changelog", Measure.bytes((double) seeded.logBytes()
                / seeded.aggregates()), ""));

        context.progress(String.format(Locale.ROOT, "figure 9: the event journal alone, over the %,d bank events",
                history));
        long start = System.nanoTime();
        context.system().startEventJournal();
        long deadline = start + JOURNAL_TIMEOUT.toNanos();
        long journaled = 0;
        String journal = null;
        while (journaled < history) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the event journal held " + journaled + " of " + history
                        + " events after " + JOURNAL_TIMEOUT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250)); // its rows are all there is to watch
            journal = tables.schema(JOURNAL).orElse(null);
            journaled = journal != null && tables.exists(journal, "events") ? tables.rows(journal, "events") : 0;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        context.record(new Row("9", "event journal in PostgreSQL", String.format(Locale.ROOT, "per event: the "
                        + "events table with its indexes, %,d events", journaled),
                Measure.bytes((double) tables.bytes(journal, "events") / journaled),
                "the events topic on the broker's disk", Measure.bytes(onBroker), ""));
        context.report().note(String.format(Locale.ROOT, "figure 9: the event journal journaled the %,d events "
                        + "in %.1f s from its launch; its version rows took %,d bytes more", journaled,
                took.toMillis() / 1e3, tables.bytes(journal, VERSIONS)));
    }
}
