package dev.annals.bench;

import dev.annals.bench.figures.AppendFigure;
import dev.annals.bench.figures.BenchContext;
import dev.annals.bench.figures.CatchUpFigure;
import dev.annals.bench.figures.ColdStartFigure;
import dev.annals.bench.figures.HttpFigures;
import dev.annals.bench.figures.StorageFigure;
import dev.annals.bench.http.HttpLoad;
import dev.annals.bench.kafka.KafkaAdmin;
import dev.annals.bench.report.Machine;
import dev.annals.bench.report.Report;
import dev.annals.bench.system.BenchSystem;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * One run of every figure, in an order that lets each use what the last left behind: the empty processor's starts
 * first (with each store), then the accounts, the backlog, its catch-up, the HTTP figures on those accounts, the
 * cold starts with ever more aggregates, and the storage the whole history took last. What the backlog and the
 * HTTP figures wrote to the bank's topics is measured around them.
 */
public final class BenchRun {

    /** Connections the load generator may open: more than any figure keeps busy at once. */
    private static final int MAX_CONNECTIONS = 256;

    private BenchRun() {
    }

    /** Runs {@code plan}; writes {@code output/bench.md}, keeps the services' logs in {@code output/logs}. */
    public static Report run(BenchPlan plan, Path repository, Path output, boolean profile, PrintStream log) {
        Report report = new Report(plan.name(), Machine.current());
        if (!plan.commandConfig().isEmpty()) {
            report.note("command-service ran with " + plan.commandConfig());
        }
        log.println("bench: starting Kafka, PostgreSQL and the services (" + plan.name() + " run)");
        try (BenchSystem system = BenchSystem.start(repository, output, profile,
                plan.commandConfig());
             HttpLoad http = new HttpLoad(MAX_CONNECTIONS, system.authorization());
             KafkaAdmin kafka = new KafkaAdmin(system.endpoints().kafkaBootstrapServers())) {
            BenchContext context = new BenchContext(system, plan, http, kafka, report, output, log);
            ColdStartFigure.Baselines emptyStarts = ColdStartFigure.baselines(context);
            context.progress("opening " + plan.accounts() + " accounts");
            context.bank().open(0, plan.accounts());
            StorageFigure.LogUsage beforeBacklog = StorageFigure.usage(context);
            AppendFigure.measure(context);
            StorageFigure.topics(context, "backlog", beforeBacklog, StorageFigure.usage(context));
            CatchUpFigure.measure(context);
            StorageFigure.LogUsage beforeHttp = StorageFigure.usage(context);
            double commandsPerSecond = HttpFigures.throughput(context);
            HttpFigures.latency(context, commandsPerSecond / 2);
            StorageFigure.topics(context, "over HTTP", beforeHttp, StorageFigure.usage(context));
            system.stopProjections();
            ColdStartFigure.Seeded seeded = ColdStartFigure.measure(context, emptyStarts);
            StorageFigure.compactedChangelog(context, seeded);
            StorageFigure.postgres(context, seeded);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the bench failed: " + e.getMessage() + "; the services' logs are in "
                    + output.resolve("logs"), e);
        }
        report.print(log);
        report.writeMarkdown(output.resolve("bench.md"));
        log.println("bench: the table is in " + output.resolve("bench.md"));
        return report;
    }
}
