package dev.annals.bench.figures;

import dev.annals.bench.http.Answer;
import dev.annals.bench.kafka.ChangelogSeed;
import dev.annals.bench.kafka.LogReader;
import dev.annals.bench.report.Measure;
import dev.annals.bench.report.Row;
import dev.annals.bench.system.BenchSystem;
import dev.annals.bench.system.CommandStore;
import dev.annals.bench.system.ProcessMemory;
import dev.annals.bench.system.StateCheckpoints;
import dev.annals.core.topic.Topics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Figures 7 and 8: command-service's start when the processor has N aggregates in its changelog, with each store,
 * and what it holds then.
 *
 * <p>Figure 7: for the in-memory store and for RocksDB, at each count, a start from an empty state directory (a
 * full restore), then a restart on the directory that instance left when it was stopped cleanly (SIGTERM, as
 * Kubernetes stops a pod: Kafka Streams closes its tasks and writes their checkpoints), as a pod that keeps its
 * volume restarts. Each is timed from launching the JVM until a command on every partition is decided, against the
 * same store's start with no aggregates (measured before the bench wrote anything). The aggregates beyond the
 * plan's accounts are copies of a real snapshot written straight to the changelog ({@link ChangelogSeed}). The
 * notes say how long each clean stop took and how much of the changelogs the kept directory's checkpoints spared,
 * and how long a plain consumer takes to read the changelog.
 *
 * <p>Figure 8, at the largest count, right after the full restore: command-service's heap after a full collection
 * and its resident set, with each store, against the same store with no aggregates; and RocksDB's state directory
 * on disk against the changelog's bytes on the broker.
 */
public final class ColdStartFigure {

    private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(3);

    private enum StateDirectory { EMPTY, KEPT }

    /** What each store's starts are put against: its start with no aggregates, and its memory right after. */
    public record Baselines(Map<CommandStore, Duration> starts, Map<CommandStore, ProcessMemory> memory) {
    }

    /**
     * What the seeding wrote to the changelog: copies of one snapshot under new ids, in large batches, one per
     * aggregate, as a compacted changelog keeps them.
     *
     * @param logBytes    what they added to the changelog on the broker's disk
     * @param recordBytes one of them on the wire: its key and value (a seeded record has no headers)
     */
    public record Seeded(long aggregates, long logBytes, double recordBytes) {
    }

    private ColdStartFigure() {
    }

    /**
     * The baselines: each store's start while the changelog is empty, so only the JVM, Quarkus and Kafka Streams
     * start. The store the other figures measure goes last: they run on the instance started last.
     */
    public static Baselines baselines(BenchContext context) {
        CommandStore figures = context.system().configuredCommandStore();
        List<CommandStore> order = Stream.concat(Arrays.stream(CommandStore.values()).filter(store -> store != figures),
                Stream.of(figures)).toList();
        Map<CommandStore, Duration> starts = new EnumMap<>(CommandStore.class);
        Map<CommandStore, ProcessMemory> memory = new EnumMap<>(CommandStore.class);
        for (CommandStore store : order) {
            context.progress("figure 7: starting command-service with the " + store + " and no aggregates "
                    + "(the baseline)");
            starts.put(store, start(context, store, StateDirectory.EMPTY));
            memory.put(store, context.system().commandServiceMemory());
        }
        return new Baselines(starts, memory);
    }

    /**
     * Starts command-service with {@code store} on its state directory, emptied first or as the last instance left
     * it (stopped cleanly, first, if it runs), and answers the time from launch until a command on each partition
     * was decided. Readiness alone is not the end: Kafka Streams may report RUNNING while a task still restores its
     * store in the background, and a command waits for that.
     */
    private static Duration start(BenchContext context, CommandStore store, StateDirectory directory) {
        BenchSystem system = context.system();
        system.stopCommandService();
        if (directory == StateDirectory.EMPTY) {
            system.emptyCommandState(store);
        }
        long start = System.nanoTime();
        system.startCommandService(store);
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
    public static Seeded measure(BenchContext context, Baselines baselines) {
        BenchSystem system = context.system();
        String changelog = Topics.aggregateChangelog(Bank.PROCESSOR_GROUP, Bank.TYPE);
        ChangelogSeed seed = new ChangelogSeed(system.endpoints().kafkaBootstrapServers());
        byte[] snapshot = seed.template(changelog);
        long aggregates = context.plan().accounts();
        long seededBytes = 0;
        int largest = Collections.max(context.plan().coldStartAggregates());
        for (int target : context.plan().coldStartAggregates()) {
            context.progress(String.format(Locale.ROOT, "figure 7: seeding the changelog up to %,d aggregates",
                    target));
            long before = context.kafka().logBytes(changelog);
            seed.write(changelog, snapshot, aggregates, target, Bank::account);
            seededBytes += context.kafka().logBytes(changelog) - before;
            aggregates = target;
            String count = String.format(Locale.ROOT, "%,d aggregates", target);
            for (CommandStore store : CommandStore.values()) {
                Measure baseline = Measure.seconds(baselines.starts().get(store).toMillis() / 1e3);
                context.progress("figure 7: starting command-service with the " + store + ", " + count
                        + ", from an empty state directory");
                Duration full = start(context, store, StateDirectory.EMPTY);
                context.record(startRow("cold start, " + store + ", " + count,
                        "empty state directory (a full restore)", full, baseline));
                if (target == largest) {
                    memory(context, store, count, target, baselines.memory().get(store));
                }

                Duration stopping = system.stopCommandService();
                long stateBytes = system.commandStateBytes(store);
                long[] restore = offsetsToRestore(context, store);
                if (target == largest && store == CommandStore.ROCKSDB) {
                    context.record(new Row("8", "state directory, " + store + ", " + count, "on disk after a clean "
                            + "stop", Measure.mebibytes(stateBytes), "the aggregates' changelog on the broker's disk",
                            Measure.mebibytes(context.kafka().logBytes(changelog)), ""));
                }
                context.progress("figure 7: restarting command-service with the " + store + ", " + count
                        + ", on the state directory it kept");
                Duration kept = start(context, store, StateDirectory.KEPT);
                context.record(startRow("restart, " + store + ", " + count,
                        "state directory kept from a clean stop", kept, baseline));
                context.report().note(String.format(Locale.ROOT, "figure 7, %s, %s: the clean stop took %.2f s "
                                + "and left %,d bytes in the state directory, whose checkpoints left %,d of the "
                                + "changelogs' %,d offsets to restore", store, count, stopping.toMillis() / 1e3,
                        stateBytes, restore[0], restore[1]));
            }
        }
        Map<TopicPartition, Long> end = context.kafka().endOffsets(changelog);
        Duration read = new LogReader(system.endpoints().kafkaBootstrapServers()).readThrough(Map.of(), end);
        context.report().note(String.format(Locale.ROOT, "a plain consumer reads the whole changelog of the %,d "
                + "aggregates (%s) in %.2f s", aggregates, changelog, read.toMillis() / 1e3));
        long seeded = aggregates - context.plan().accounts();
        return new Seeded(seeded, seededBytes, Bank.account(0).length() + snapshot.length);
    }

    /** Figure 8's memory rows for {@code store}, measured now, right after its full restore of {@code aggregates}. */
    private static void memory(BenchContext context, CommandStore store, String count, long aggregates,
                               ProcessMemory empty) {
        ProcessMemory restored = context.system().commandServiceMemory();
        String heap = "-Xmx" + store.heap();
        context.record(new Row("8", "heap after a full GC, " + store + ", " + count, "jcmd GC.run, then "
                + "GC.heap_info, after the full restore, " + heap, Measure.mebibytes(restored.heapUsedAfterFullGc()),
                "the same store with no aggregates", Measure.mebibytes(empty.heapUsedAfterFullGc()), ""));
        context.record(new Row("8", "resident set, " + store + ", " + count, "VmRSS, after the full restore, "
                + heap, Measure.mebibytes(restored.residentSet()), "the same store with no aggregates",
                Measure.mebibytes(empty.residentSet()), ""));
        context.report().note(String.format(Locale.ROOT, "figure 8, %s: %,d bytes of heap and %,d of resident "
                        + "set per aggregate, over the start with none", store,
                (restored.heapUsedAfterFullGc() - empty.heapUsedAfterFullGc()) / aggregates,
                (restored.residentSet() - empty.residentSet()) / aggregates));
    }

    /**
     * The offsets of the processor's changelogs a start on {@code store}'s state directory, as it is now, still
     * restores (from each checkpoint, or from the start without one), and all of their offsets.
     */
    private static long[] offsetsToRestore(BenchContext context, CommandStore store) {
        StateCheckpoints checkpoints = StateCheckpoints.in(context.system().commandStateDirectory(store));
        StateCheckpoints none = new StateCheckpoints(Map.of());
        long left = 0;
        long all = 0;
        for (String changelog : context.kafka().topics(Bank.PROCESSOR_GROUP + "-", "-changelog")) {
            Map<TopicPartition, Long> starts = context.kafka().startOffsets(changelog);
            Map<TopicPartition, Long> ends = context.kafka().endOffsets(changelog);
            left += checkpoints.offsetsToRestore(starts, ends);
            all += none.offsetsToRestore(starts, ends);
        }
        return new long[] {left, all};
    }

    /** A row of figure 7: a start of command-service, from launch to deciding on every partition, and its baseline. */
    private static Row startRow(String what, String stateDirectory, Duration start, Measure baseline) {
        return new Row("7", what, "launch to deciding on every partition, " + stateDirectory,
                Measure.seconds(start.toMillis() / 1e3), "the same store with no aggregates", baseline, "");
    }
}
