package dev.annals.bench.figures;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.bench.http.Control;
import dev.annals.bench.http.HttpLoad;
import dev.annals.bench.kafka.LogReader;
import dev.annals.bench.postgres.BatchedInsert;
import dev.annals.bench.report.Measure;
import dev.annals.bench.report.Row;
import dev.annals.core.topic.Topics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Figure 4: how fast a projection catches up on history. The bank-accounts projection is rebuilt from offset 0
 * (the blue/green rebuild, as a new projection would start) over every bank event so far; its events per second
 * are put against a plain batched INSERT of as many rows, in batches of the projection's batch size.
 */
public final class CatchUpFigure {

    /** annals.consumer.batch-size's default: the events of one projection transaction. */
    private static final int BATCH_SIZE = 500;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private CatchUpFigure() {
    }

    public static void measure(BenchContext context) {
        awaitLiveProjection(context);
        String events = Topics.events(Bank.TYPE);
        long history = new LogReader(context.system().endpoints().kafkaBootstrapServers())
                .sample(Map.of(), context.kafka().endOffsets(events)).records();
        context.progress("figure 4: rebuilding " + Bank.PROJECTION + " over " + history + " events");
        String status = context.system().projectionAdminUrl() + "/admin/projections/" + Bank.PROJECTION;
        int generation = Control.get(status, context.system().adminHeaders()).body().path("generation").asInt();
        long start = System.nanoTime();
        Control.Reply rebuild = Control.post(status + "/rebuild", context.system().adminHeaders());
        if (rebuild.status() != 202) {
            throw new IllegalStateException("the rebuild was answered " + rebuild.status() + ": " + rebuild.body());
        }
        long deadline = start + TIMEOUT.toNanos();
        while (true) {
            JsonNode now = Control.get(status, context.system().adminHeaders()).body();
            if (now.path("generation").asInt() > generation && !now.hasNonNull("rebuild")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the rebuild did not finish within " + TIMEOUT + ": " + now);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the status endpoint is all there is
        }
        double annals = history / ((System.nanoTime() - start) / 1e9);

        context.progress("figure 4: a batched INSERT of " + history + " rows");
        Duration insert = BatchedInsert.run(context.system().endpoints(), history, BATCH_SIZE);
        context.record(new Row("4", "projection catch-up", "rebuild of " + Bank.PROJECTION + ", "
                + history + " events", Measure.perSecond(annals, "events"),
                "JDBC batched INSERT, " + BATCH_SIZE + " rows a transaction",
                Measure.perSecond(history / (insert.toNanos() / 1e9), "rows"), ""));
    }

    /**
     * Waits until the live projection has applied every command so far, with the product's own read-your-writes:
     * a read carrying a token for the last command of every partition.
     */
    private static void awaitLiveProjection(BenchContext context) {
        String token = context.kafka().endOffsets(Topics.commands(Bank.TYPE)).entrySet().stream()
                .filter(end -> end.getValue() > 0)
                .map(end -> Bank.TYPE + ":" + end.getKey().partition() + ":" + (end.getValue() - 1))
                .collect(Collectors.joining(","));
        String url = context.system().queryUrl() + "/api/bank/accounts/" + Bank.account(0);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Control.Reply read = Control.get(url, Map.of(HttpLoad.CONSISTENCY_TOKEN, token,
                    "Authorization", context.system().authorization()));
            if (read.status() == 200) {
                return;
            }
            if (read.status() != 504 || System.nanoTime() > deadline) {
                throw new IllegalStateException("the projection did not catch up with " + token + ": "
                        + read.status() + " " + read.body());
            }
        }
    }
}
