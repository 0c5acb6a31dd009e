package dev.annals.devstack.cli;

import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.auth.TokenIssuer;
import dev.annals.devstack.postgres.DatabaseSetup;
import dev.annals.devstack.postgres.PostgresBinaries;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.DemoData;
import dev.annals.devstack.service.QuarkusService;
import dev.annals.devstack.service.ServiceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {"Starts Kafka, PostgreSQL and the Annals services that are built, sends a little demo data,",
                "prints where everything is, and stops it all on Ctrl-C.",
                "Options default to the annals.devstack.* system properties, then to the demo ports."})
final class UpCommand implements Callable<Integer> {

    /** How long the printed tokens stay valid: a working day of trying things. */

    private final DevstackConfig defaults = DevstackConfig.fromProperties(System.getProperties(), DevstackConfig.forDemo());

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port, 0 for a free one (default: ${DEFAULT-VALUE})")
    int kafkaPort = defaults.kafkaPort();

    @Option(names = "--postgres-port", paramLabel = "PORT", description = "PostgreSQL port, 0 for a free one (default: ${DEFAULT-VALUE})")
    int postgresPort = defaults.postgresPort();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "keep the data here across runs (default: devstack-data/ in the repository)")
    Path dataDirectory = defaults.dataDirectory().orElse(null);

    @Option(names = "--temporary", description = "keep no data: a temporary directory, deleted on stop")
    boolean temporary;

    @Option(names = "--reset", description = "delete the kept data first (the event log, the read models, the demo-data marker) and start afresh")
    boolean reset;

    @Option(names = "--command-port", paramLabel = "PORT", description = "command-service's HTTP port (default: ${DEFAULT-VALUE})")
    int commandPort = ServiceCatalog.named("command-service").demoPort();

    @Option(names = "--query-port", paramLabel = "PORT", description = "query-service's HTTP port (default: ${DEFAULT-VALUE})")
    int queryPort = ServiceCatalog.named("query-service").demoPort();

    @Option(names = "--projection-port", paramLabel = "PORT", description = "projection-service's HTTP port (default: ${DEFAULT-VALUE})")
    int projectionPort = ServiceCatalog.named("projection-service").demoPort();

    @Option(names = "--payment-port", paramLabel = "PORT", description = "payment-service's HTTP port (default: ${DEFAULT-VALUE})")
    int paymentPort = ServiceCatalog.named("payment-service").demoPort();

    @Option(names = "--postgres", paramLabel = "SOURCE", description = "embedded (binaries from Maven) or installed (the machine's own) (default: ${DEFAULT-VALUE})")
    String postgres = defaults.postgres().name().toLowerCase(Locale.ROOT);

    @Option(names = "--postgres-bin-dir", paramLabel = "DIR", description = "where the installed initdb and postgres are, if not found on their own")
    Path postgresBinDirectory = defaults.postgresBinDir().orElse(null);

    @Option(names = "--no-services", description = "start only Kafka and PostgreSQL")
    boolean noServices;

    @Option(names = "--repository", paramLabel = "DIR", description = "the checkout whose built services to run (default: the one this jar was built in)")
    Path repository = ServiceCatalog.repositoryOf(jarLocation()).orElse(null);

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Optional<Path> kept = temporary ? Optional.empty()
                : Optional.ofNullable(dataDirectory).or(() -> Optional.ofNullable(repository)
                        .map(checkout -> checkout.resolve("devstack-data")));
        if (reset && kept.isPresent()) {
            KeptData.delete(kept.get(), out);
        }
        DevstackConfig config = new DevstackConfig(kept, kafkaPort,
                defaults.kafkaControllerPort(), postgresPort, PostgresBinaries.Source.parse(postgres),
                Optional.ofNullable(postgresBinDirectory), defaults.kafkaHeap(), defaults.kafkaConfig(),
                defaults.startTimeout(), defaults.kafkaNodes(), defaults.kafkaScram(), defaults.aggregateTypes());
        out.println("Starting Kafka and PostgreSQL...");
        Devstack devstack = Devstack.start(config);
        List<QuarkusService> services = new CopyOnWriteArrayList<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            out.println("Stopping...");
            // services first, so that none of them sees its broker or database go away
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).close();
            }
            devstack.close();
            out.println("Stopped.");
        }, "devstack-stop"));
        printSummary(out, devstack, kept);
        if (!noServices) {
            startServices(out, devstack.endpoints(), config, services);
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();

        // Runs until Ctrl-C (the shutdown hook stops everything) or until a process dies on its own.
        List<CompletableFuture<?>> exits = new ArrayList<>(List.of(devstack.kafka().onExit(),
                devstack.postgres().onExit()));
        services.forEach(service -> exits.add(service.onExit()));
        CompletableFuture.anyOf(exits.toArray(CompletableFuture[]::new)).join();
        if (stopping.get()) {
            return 0;
        }
        if (!devstack.kafka().isRunning()) {
            System.err.println("Kafka stopped unexpectedly; see " + devstack.kafka().serverLog());
        } else if (!devstack.postgres().isRunning()) {
            System.err.println("PostgreSQL stopped unexpectedly; see "
                    + devstack.postgres().directory().resolve("postgres.log"));
        } else {
            services.stream().filter(service -> !service.isRunning()).forEach(service ->
                    System.err.println(service.name() + " stopped unexpectedly; see " + service.log()));
        }
        return 1;
    }

    private void startServices(PrintStream out, Endpoints endpoints, DevstackConfig config,
                               List<QuarkusService> started) {
        if (repository == null) {
            out.println("No repository found next to this jar: starting no services (see --repository).");
            return;
        }
        String commandService = null;
        boolean payments = false;
        for (ServiceCatalog.Service service : ServiceCatalog.SERVICES) {
            Optional<Path> jar = service.runJar(repository);
            if (jar.isEmpty()) {
                out.println("  " + service.name() + " is not built in " + repository + "; skipped");
                continue;
            }
            out.println("Starting " + service.name() + "...");
            Map<String, String> settings = new LinkedHashMap<>(service.config(endpoints));
            if (service.name().equals("command-service")) {
                // a created aggregate's Location points at where it is read, not at command-service
                settings.put("annals.gateway.read-base-url", queryUrl());
            }
            int port = portOf(service);
            QuarkusService running = QuarkusService.start(new QuarkusService.Settings(service.name(), jar.get(),
                    port, managementPortOf(port), settings, "512m", config.startTimeout(), List.of()));
            started.add(running);
            out.printf("  %-19s %s   (pid %d, log %s)%n", service.name(), running.baseUrl(), running.pid(),
                    running.log());
            if (service.describesItsApi()) {
                out.printf("  %-19s Swagger UI: %s/q/swagger-ui%n", "", running.baseUrl());
            }
            out.printf("  %-19s management: %s/q/health, %s/q/metrics%n", "", running.managementUrl(),
                    running.managementUrl());
            switch (service.name()) {
                case "command-service" -> {
                    commandService = running.baseUrl();
                    Examples.commands(out, running.baseUrl(), queryUrl());
                }
                case "projection-service" -> Examples.projections(out, running.managementUrl(), endpoints);
                case "query-service" -> Examples.queries(out, running.baseUrl());
                case "payment-service" -> {
                    payments = true;
                    Examples.payments(out, running.managementUrl(), commandUrl(), queryUrl());
                }
                default -> { }
            }
        }
        // once every service runs: the demo order is paid by payment-service, and only then accepted
        if (commandService != null) {
            out.printf("%n  %s%n", seed(config.dataDirectory(), commandService, endpoints.tokens(), payments));
        }
        out.println();
    }

    /** Where command-service answers. */
    private String commandUrl() {
        return "http://localhost:" + commandPort;
    }

    /** Where query-service answers, started before or after command-service. */
    private String queryUrl() {
        return "http://localhost:" + queryPort;
    }

    /**
     * The management interface 1000 above the API (8081 and 9081, as in the services' own configuration), so that
     * a demo on other ports does not collide with one on the defaults; a free one if that port is taken or beyond
     * the last (the banner prints it either way).
     */
    private static int managementPortOf(int apiPort) {
        int above = apiPort + 1000;
        return apiPort != 0 && above <= 65535 && FreePort.isFree(above) ? above : FreePort.orPick(0);
    }

    private int portOf(ServiceCatalog.Service service) {
        return switch (service.name()) {
            case "command-service" -> commandPort;
            case "query-service" -> queryPort;
            case "projection-service" -> projectionPort;
            case "payment-service" -> paymentPort;
            default -> service.demoPort();
        };
    }

    /**
     * Sends the demo data on the first start of a data directory only; a later start shows the state rebuilt
     * from the kept log instead. The marker is written after the commands were taken.
     */
    private static String seed(Optional<Path> dataDirectory, String commandServiceUrl, TokenIssuer tokens,
                               boolean payments) {
        Optional<Path> marker = dataDirectory.map(dir -> dir.resolve("demo-data-sent"));
        if (marker.isPresent() && Files.exists(marker.get())) {
            return "demo data: kept from the first start in " + dataDirectory.get()
                    + " (state rebuilt from the log)";
        }
        int accepted = DemoData.send(commandServiceUrl, tokens, payments);
        marker.ifPresent(path -> {
            try {
                Files.writeString(path, accepted + " demo commands accepted\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
        });
        return accepted + " of " + DemoData.size() + " demo commands accepted";
    }

    private static Path jarLocation() {
        try {
            return Path.of(UpCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(".");
        }
    }

    private static void printSummary(PrintStream out, Devstack devstack, Optional<Path> kept) {
        Endpoints endpoints = devstack.endpoints();
        out.printf(Locale.ROOT, "devstack is up (ready in %.1f s)%n", devstack.startupTime().toMillis() / 1000.0);
        out.printf("  Kafka       %s   (pid %d, data in %s)%n", endpoints.kafkaBootstrapServers(),
                devstack.kafka().pid(), devstack.kafka().directory());
        endpoints.kafkaUsers().ifPresent(users -> out.printf("              the services log in on %s (SCRAM-SHA-512),"
                        + " each as its own user with only its ACLs (security/kafka-acls.json); %s is devstack's"
                        + " own, no login, loopback only%n", users.bootstrapServers(),
                endpoints.kafkaBootstrapServers()));
        out.printf("  PostgreSQL  %s   (pid %d, data in %s)%n", endpoints.jdbcUrl(), devstack.postgres().pid(),
                devstack.postgres().directory());
        out.printf("              %s, %s%n", devstack.postgres().binaries().version(),
                devstack.postgres().binaries().origin());
        out.printf("              users: %s/%s (owner, migrations), %s/%s (projection runtime: rows only),"
                        + " %s/%s (read-only)%n",
                endpoints.owner().username(), endpoints.owner().password(),
                endpoints.projector().username(), endpoints.projector().password(),
                endpoints.reader().username(), endpoints.reader().password());
        out.printf("              database %s: %s/%s (payment-service's own, its owner)%n",
                DatabaseSetup.PAYMENTS_DATABASE, DatabaseSetup.PAYMENTS.username(), DatabaseSetup.PAYMENTS.password());
        out.println();
        out.println("Tokens: every API needs one (devstack's own issuer; valid " + TokenIssuer.LONGEST_TOKEN.toHours()
                + " h; see docs/security.md). Paste these, then the curl lines below:");
        for (TokenIssuer.DemoCaller caller : TokenIssuer.DEMO_CALLERS) {
            out.printf("  export %s=%s   # %s, %s%n", caller.variable(), caller.token(endpoints.tokens(),
                    TokenIssuer.LONGEST_TOKEN), caller.subject(), String.join(",", caller.roles()));
        }
        out.println();
        Map<String, String> settings = endpoints.consumerServiceConfig();
        Path file = kept.orElse(endpoints.tokens().directory()).resolve("service.properties");
        writeSettings(file, settings);
        out.println("Settings for a service of your own (application.properties; also in " + file
                + ", docs/consumer-services.md):");
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            out.println("  " + setting.getKey() + "=" + setting.getValue());
        }
        out.println();
    }

    private static void writeSettings(Path file, Map<String, String> settings) {
        StringBuilder text = new StringBuilder("# devstack's settings for a service of your own beside the demo"
                + " (docs/consumer-services.md): copy to its config/application.properties\n");
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
