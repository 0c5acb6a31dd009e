package dev.annals.bench;

import dev.annals.devstack.service.ServiceCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code bench/run [--smoke] [--profile] [--output DIR]}: the benchmark's command line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures Annals against baselines run side by side on this machine and prints the ratios.",
                "Starts its own Kafka, PostgreSQL and services on free ports; run it from the repository, built."})
public final class Bench implements Callable<Integer> {

    @Option(names = "--smoke", description = "A run in miniature (three to five minutes): checks the bench works; its "
            + "numbers mean little.")
    boolean smoke;

    @Option(names = "--profile", description = "Record every service with Java Flight Recorder (profile settings) "
            + "into OUTPUT/recordings; open them with JDK Mission Control or `jfr print`.")
    boolean profile;

    @Option(names = "--command-config", paramLabel = "KEY=VALUE", description = "A setting of command-service, "
            + "to measure a tuning, e.g. annals.processor.commit-interval=100ms. Repeatable.")
    Map<String, String> commandConfig = new LinkedHashMap<>();

    @Option(names = "--output", paramLabel = "DIR", description = "Where the table (bench.md), the services' logs "
            + "and recordings go. Default: bench/target/results.")
    Path output;

    /** Held, so that the level stays set: java.util.logging keeps its loggers weakly. */
    private static final Logger KAFKA_CLIENTS = Logger.getLogger("org.apache.kafka");

    public static void main(String[] args) {
        KAFKA_CLIENTS.setLevel(Level.WARNING); // the clients' INFO is every client's whole configuration
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() {
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow(() -> new IllegalStateException(
                "run the bench inside the repository (bench/run does)"));
        Path results = output != null ? output : repository.resolve("bench/target/results");
        BenchPlan plan = (smoke ? BenchPlan.smoke() : BenchPlan.full()).withCommandConfig(commandConfig);
        BenchRun.run(plan, repository, results, profile, System.out);
        return 0;
    }
}
