package dev.annals.bench;

import dev.annals.bench.figures.AppendFigure;
import dev.annals.bench.figures.BenchContext;
import dev.annals.bench.figures.CatchUpFigure;
import dev.annals.bench.figures.ColdStartFigure;
import dev.annals.bench.figures.HttpFigures;
import dev.annals.bench.http.HttpLoad;
import dev.annals.bench.kafka.KafkaAdmin;
import dev.annals.bench.report.Machine;
import dev.annals.bench.report.Report;
import dev.annals.bench.system.BenchSystem;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One run of every figure, in an order that lets each use what the last left behind: the empty processor's start
 * first, then the accounts, the backlog, its catch-up, the HTTP figures on those accounts, and the cold starts
 * with ever more aggregates last.
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
            Duration emptyStart = ColdStartFigure.emptyStart(context);
            context.progress("opening " + plan.accounts() + " accounts");
            context.bank().open(0, plan.accounts());
            AppendFigure.measure(context);
            CatchUpFigure.measure(context);
            double commandsPerSecond = HttpFigures.throughput(context);
            HttpFigures.latency(context, commandsPerSecond / 2);
            system.stopProjections();
            ColdStartFigure.measure(context, emptyStart);
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
