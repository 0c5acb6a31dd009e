package dev.annals.system.support;

import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.auth.TokenIssuer;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.QuarkusService;
import dev.annals.devstack.service.ServiceCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole system as separate OS processes: devstack's Kafka broker and PostgreSQL, two command-service
 * replicas, one projection-service, one query-service and one payment-service (the example consumer service of
 * one's own, which takes the food orders' payments), each from the {@code quarkus-run.jar} its module built.
 * Secured as a deployment is: every request needs a token, each service logs in to Kafka as its own SCRAM user
 * with only the ACLs of security/kafka-acls.json, and to PostgreSQL with its own roles. Tests know it only by URLs
 * and by the servers' endpoints (their own Kafka clients use devstack's listener, the super user's), and can
 * crash (SIGKILL) or stop any part of it. Every service exports its spans to a {@link TraceCollector} of the
 * tests', as a deployment's export to an OpenTelemetry Collector.
 */
public final class TheSystem implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String HEAP = "384m";

    /** Who the tests' requests are from, unless they say otherwise. */
    public static final String CALLER = "system-test";

    private final Devstack devstack;
    private final List<QuarkusService> commandReplicas;
    private final QuarkusService projections;
    private final QuarkusService queries;
    private final QuarkusService payments;
    private final Summary summary;
    private final TraceCollector traces;
    private final Path paymentLedger;

    private TheSystem(Devstack devstack, List<QuarkusService> commandReplicas, QuarkusService projections,
                      QuarkusService queries, QuarkusService payments, Summary summary, TraceCollector traces,
                      Path paymentLedger) {
        this.devstack = devstack;
        this.paymentLedger = paymentLedger;
        this.traces = traces;
        this.commandReplicas = commandReplicas;
        this.projections = projections;
        this.queries = queries;
        this.payments = payments;
        this.summary = summary;
    }

    /** Starts devstack (one broker), then the five services side by side; if any cannot start, stops what did. */
    static TheSystem start(Summary summary) {
        return start(summary, DevstackConfig.forTests().withKafkaScram(true));
    }

    /**
     * The same system on a Kafka cluster of three nodes: the services replicate every topic three times with two
     * in sync, as in production, and any node can be killed.
     */
    public static TheSystem startWithThreeBrokers(Summary summary) {
        return start(summary, DevstackConfig.forTestsWithThreeBrokers().withKafkaScram(true));
    }

    private static TheSystem start(Summary summary, DevstackConfig devstackConfig) {
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow(() -> new IllegalStateException(
                "the system tests run inside the repository: no pom.xml with the service modules above "
                        + Path.of("").toAbsolutePath()));
        // every jar first: a service that is not built fails the run before anything starts
        Path commandJar = runJar(repository, "command-service");
        Path projectionJar = runJar(repository, "projection-service");
        Path queryJar = runJar(repository, "query-service");
        Path paymentJar = runJar(repository, "payment-service");
        TraceCollector traces = startCollector();
        Path paymentLedger = newLedgerFile();
        Devstack devstack = Devstack.start(devstackConfig);
        try {
            Endpoints endpoints = devstack.endpoints();
            List<QuarkusService> started = QuarkusService.startAll(List.of(
                    settings("command-service-a", commandJar, traced(commandConfig(endpoints), traces)),
                    settings("command-service-b", commandJar, traced(commandConfig(endpoints), traces)),
                    settings("projection-service", projectionJar, traced(new LinkedHashMap<>(
                            ServiceCatalog.named("projection-service").config(endpoints)), traces)),
                    settings("query-service", queryJar, traced(queryConfig(endpoints), traces)),
                    settings("payment-service", paymentJar, traced(paymentConfig(endpoints, paymentLedger), traces))));
            return new TheSystem(devstack, List.of(started.get(0), started.get(1)), started.get(2), started.get(3),
                    started.get(4), summary, traces, paymentLedger);
        } catch (RuntimeException e) {
            devstack.close();
            traces.close();
            throw e;
        }
    }

    private static TraceCollector startCollector() {
        try {
            return TraceCollector.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the services' spans", e);
        }
    }

    /** Spans exported to the tests' collector, each batch after at most 200 ms rather than 5 s. */
    private static Map<String, String> traced(Map<String, String> config, TraceCollector traces) {
        config.put("annals.telemetry.otlp-endpoint", traces.endpoint());
        config.put("quarkus.otel.bsp.schedule.delay", "200ms");
        return config;
    }

    /**
     * A replica that dies without leaving its consumer group holds its partitions until the group's session times
     * out; six seconds (the broker's minimum) instead of 45 keeps each crash test short without changing what
     * it tests.
     */
    private static Map<String, String> commandConfig(Endpoints endpoints) {
        Map<String, String> config = new LinkedHashMap<>(ServiceCatalog.named("command-service").config(endpoints));
        config.put("annals.processor.streams.\"session.timeout.ms\"", "6000");
        config.put("annals.processor.streams.\"heartbeat.interval.ms\"", "1500");
        return config;
    }

    /**
     * A read with a token waits up to 30 s rather than 5: the tests read with tokens while a restarted
     * projection-service catches up, which takes longer than a healthy system ever keeps a reader.
     */
    private static Map<String, String> queryConfig(Endpoints endpoints) {
        Map<String, String> config = new LinkedHashMap<>(ServiceCatalog.named("query-service").config(endpoints));
        config.put("annals.query.consistency-wait", "30s");
        return config;
    }

    /**
     * The simulated provider declines a fifth of the charges, never answers a tenth and approves a tenth 3 s late,
     * each after 20 ms; a charge unanswered after a second is asked about again every second, three times, then
     * given up: every kind of decision comes up in a short run. Its ledger is kept in a file, so that it outlives a
     * kill -9 of the service (the provider is another company's system, after all). An answer the processor routed
     * before it knew the reply topic is asked for again after 3 s, not 10.
     */
    private static Map<String, String> paymentConfig(Endpoints endpoints, Path ledger) {
        Map<String, String> config = new LinkedHashMap<>(ServiceCatalog.named("payment-service").config(endpoints));
        config.put("payments.provider.decline-rate", Double.toString(PAYMENT_DECLINE_RATE));
        config.put("payments.provider.silence-rate", Double.toString(PAYMENT_SILENCE_RATE));
        config.put("payments.provider.late-rate", Double.toString(PAYMENT_LATE_RATE));
        config.put("payments.provider.late-by", "3s");
        config.put("payments.provider.ledger-file", ledger.toString());
        config.put("payments.provider.latency", "20ms");
        config.put("payments.timeout", "1s");
        config.put("payments.ask-again-after", "1s");
        config.put("payments.ask-again-times", "3");
        config.put("annals.reactor.reply-timeout", "3s");
        return config;
    }

    /** The shares of charges the system's simulated payment provider declines, never answers, answers late. */
    public static final double PAYMENT_DECLINE_RATE = 0.2;
    public static final double PAYMENT_SILENCE_RATE = 0.1;
    public static final double PAYMENT_LATE_RATE = 0.1;

    private static Path newLedgerFile() {
        try {
            Path file = Files.createTempFile("annals-payment-provider-", ".ledger");
            Files.delete(file); // the provider makes it
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The simulated payment provider's ledger, one step per line: {@code APPROVED|REFUNDED|CANCELLED <charge key>
     * <order> <reference>} — what the provider did, whatever payment-service recorded.
     */
    public List<String> paymentLedger() {
        try {
            return Files.exists(paymentLedger) ? Files.readAllLines(paymentLedger) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path runJar(Path repository, String module) {
        return ServiceCatalog.named(module).runJar(repository).orElseThrow(() -> new IllegalStateException(
                module + " is not built; build from the repository root first (./mvnw -DskipTests package)"));
    }

    private static QuarkusService.Settings settings(String name, Path jar, Map<String, String> config) {
        return new QuarkusService.Settings(name, jar, FreePort.orPick(0), config, HEAP, START_TIMEOUT);
    }

    /** The base URLs of the two command-service replicas. */
    public List<String> commandUrls() {
        return commandReplicas.stream().map(QuarkusService::baseUrl).toList();
    }

    /** The replicas' management interfaces (health, metrics). */
    public List<String> commandManagementUrls() {
        return commandReplicas.stream().map(QuarkusService::managementUrl).toList();
    }

    public String queryUrl() {
        return queries.baseUrl();
    }

    /** projection-service's management interface: its admin endpoints ({@code /admin/projections}), health, metrics. */
    public String projectionAdminUrl() {
        return projections.managementUrl();
    }

    public Endpoints endpoints() {
        return devstack.endpoints();
    }

    /** devstack's token issuer, which every service of the system trusts. */
    public TokenIssuer tokens() {
        return devstack.endpoints().tokens();
    }

    /** {@code Bearer <token>} for {@code subject} with {@code roles}, valid for as long as any test runs. */
    public String bearer(String subject, Set<String> roles) {
        return "Bearer " + tokens().token(subject, roles, Duration.ofHours(2));
    }

    /**
     * The roles of the tests' caller: every role the rules name — a customer, an admin and every staff role, so
     * that the domains' own rules let it act and read for anyone, but where one party alone may (a cart's customer,
     * an order's own restaurant).
     */
    public static final Set<String> CALLER_ROLES = Set.of("customer", "teller", "admin", "support", "broker",
            "deliverer", "restaurant");

    /**
     * The tests' HTTP client, calling as {@value #CALLER} with {@link #CALLER_ROLES}, unless a request sets its own
     * {@code Authorization}.
     */
    public Http http() {
        return new Http(summary, bearer(CALLER, CALLER_ROLES));
    }

    public Summary summary() {
        return summary;
    }

    /** SIGKILL of command-service replica {@code index} (0 or 1): in-flight requests get no answer. */
    public void killCommandReplica(int index) {
        summary.fault("kill -9 command-service replica " + (char) ('a' + index));
        commandReplicas.get(index).kill();
    }

    /** SIGTERM of command-service replica {@code index}, returning once it has exited: a pod's graceful stop. */
    public void stopCommandReplica(int index) {
        summary.fault("SIGTERM to command-service replica " + (char) ('a' + index));
        commandReplicas.get(index).stop();
    }

    public void startCommandReplica(int index) {
        commandReplicas.get(index).start();
    }

    /** SIGKILL of payment-service: a payment being taken is cut off anywhere between its charge and its checkpoint. */
    public void killPayments() {
        summary.fault("kill -9 payment-service");
        payments.kill();
    }

    public void startPayments() {
        payments.start();
    }

    /** payment-service's management interface: its reactor's status ({@code /admin/projections/payments}). */
    public String paymentAdminUrl() {
        return payments.managementUrl();
    }

    /** SIGKILL of projection-service: a batch being applied is cut off before or inside its transaction. */
    public void killProjections() {
        summary.fault("kill -9 projection-service");
        projections.kill();
    }

    public void startProjections() {
        projections.start();
    }

    /** The Kafka cluster's node ids, 1 to its size. */
    public List<Integer> kafkaNodes() {
        return devstack.kafkaCluster().nodes().stream().map(node -> node.nodeId()).toList();
    }

    /** The node that leads the controller quorum now. */
    public int kafkaControllerLeader() {
        return devstack.kafkaCluster().controllerLeader();
    }

    /** SIGKILL of one Kafka node: its partitions' leaders move, its replicas fall out of sync. */
    public void killKafkaNode(int id) {
        summary.fault("kill -9 Kafka node " + id);
        devstack.kafkaCluster().node(id).kill();
    }

    public void startKafkaNode(int id) {
        devstack.kafkaCluster().node(id).start();
    }

    public void stopKafka() {
        summary.fault("Kafka broker stopped");
        devstack.kafkaCluster().stop();
    }

    public void startKafka() {
        devstack.kafkaCluster().start();
    }

    public void stopPostgres() {
        summary.fault("PostgreSQL stopped");
        devstack.postgres().stop();
    }

    public void startPostgres() {
        devstack.postgres().start();
    }

    /** Where each service logs, for a failure message. */
    public String logs() {
        StringBuilder logs = new StringBuilder();
        allServices().forEach(service -> logs.append(service.name()).append(": ").append(service.log()).append('\n'));
        return logs.toString();
    }

    /** Copies every service's log to {@code directory}: the processes' own directories go when they stop. */
    public void keepLogs(Path directory) {
        allServices().forEach(service -> service.keepLog(directory));
    }

    private List<QuarkusService> allServices() {
        List<QuarkusService> all = new ArrayList<>(commandReplicas);
        all.add(projections);
        all.add(queries);
        all.add(payments);
        return all;
    }

    /** Where the services' spans went. */
    public TraceCollector traces() {
        return traces;
    }

    @Override
    public void close() {
        try {
            allServices().forEach(QuarkusService::close);
        } finally {
            devstack.close();
            traces.close();
        }
    }
}
