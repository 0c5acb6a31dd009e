package dev.annals.devstack.cli;

import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.postgres.PostgresBinaries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {"Starts Kafka and PostgreSQL, prints where they are, and stops both on Ctrl-C.",
                "Options default to the annals.devstack.* system properties, then to the demo ports."})
final class UpCommand implements Callable<Integer> {

    private final DevstackConfig defaults = DevstackConfig.fromProperties(System.getProperties(), DevstackConfig.forDemo());

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port, 0 for a free one (default: ${DEFAULT-VALUE})")
    int kafkaPort = defaults.kafkaPort();

    @Option(names = "--postgres-port", paramLabel = "PORT", description = "PostgreSQL port, 0 for a free one (default: ${DEFAULT-VALUE})")
    int postgresPort = defaults.postgresPort();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "keep the data here across runs (default: temporary, deleted on stop)")
    Path dataDirectory = defaults.dataDirectory().orElse(null);

    @Option(names = "--postgres", paramLabel = "SOURCE", description = "embedded (binaries from Maven) or installed (the machine's own) (default: ${DEFAULT-VALUE})")
    String postgres = defaults.postgres().name().toLowerCase(Locale.ROOT);

    @Option(names = "--postgres-bin-dir", paramLabel = "DIR", description = "where the installed initdb and postgres are, if not found on their own")
    Path postgresBinDirectory = defaults.postgresBinDir().orElse(null);

    @Override
    public Integer call() {
        PrintStream out = System.out;
        DevstackConfig config = new DevstackConfig(Optional.ofNullable(dataDirectory), kafkaPort,
                defaults.kafkaControllerPort(), postgresPort, PostgresBinaries.Source.parse(postgres),
                Optional.ofNullable(postgresBinDirectory), defaults.kafkaHeap(), defaults.kafkaConfig(),
                defaults.startTimeout());
        out.println("Starting Kafka and PostgreSQL...");
        Devstack devstack = Devstack.start(config);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            out.println("Stopping Kafka and PostgreSQL...");
            devstack.close();
            out.println("Stopped.");
        }, "devstack-stop"));
        printSummary(out, devstack);

        // Runs until Ctrl-C (the shutdown hook stops both) or until a server dies on its own.
        CompletableFuture.anyOf(devstack.kafka().onExit(), devstack.postgres().onExit()).join();
        if (stopping.get()) {
            return 0;
        }
        System.err.println(devstack.kafka().isRunning()
                ? "PostgreSQL stopped unexpectedly; see " + devstack.postgres().directory().resolve("postgres.log")
                : "Kafka stopped unexpectedly; see " + devstack.kafka().serverLog());
        return 1;
    }

    private static void printSummary(PrintStream out, Devstack devstack) {
        Endpoints endpoints = devstack.endpoints();
        out.printf(Locale.ROOT, "devstack is up (ready in %.1f s)%n", devstack.startupTime().toMillis() / 1000.0);
        out.printf("  Kafka       %s   (pid %d, data in %s)%n", endpoints.kafkaBootstrapServers(),
                devstack.kafka().pid(), devstack.kafka().directory());
        out.printf("  PostgreSQL  %s   (pid %d, data in %s)%n", endpoints.jdbcUrl(), devstack.postgres().pid(),
                devstack.postgres().directory());
        out.printf("              %s, %s%n", devstack.postgres().binaries().version(),
                devstack.postgres().binaries().origin());
        out.printf("              users: %s/%s (owner), %s/%s (read-only)%n",
                endpoints.owner().username(), endpoints.owner().password(),
                endpoints.reader().username(), endpoints.reader().password());
        out.println();
        out.println("Settings for a service (application.properties):");
        for (Map.Entry<String, String> setting : endpoints.quarkusConfig(endpoints.owner()).entrySet()) {
            out.println("  " + setting.getKey() + "=" + setting.getValue());
        }
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
