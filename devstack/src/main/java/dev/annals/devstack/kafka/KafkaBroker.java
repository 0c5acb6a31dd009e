package dev.annals.devstack.kafka;

import dev.annals.devstack.process.ChildProcess;
import dev.annals.devstack.process.ChildServer;
import dev.annals.devstack.process.FreePort;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An Apache Kafka broker in KRaft mode (broker and controller in one node), run in a child JVM from the Maven
 * artifacts of the Kafka version the Quarkus BOM pins. It listens on 127.0.0.1 only, and keeps its ports across
 * a {@link #stop()} and {@link #start()}. Alone it is a cluster of one; {@link KafkaCluster} runs several as one
 * cluster, each a voter of the controller quorum.
 */
public final class KafkaBroker extends ChildServer {

    private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());
    static final String HOST = "127.0.0.1";

    private final Settings settings;
    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final int scramPort;
    private final String clusterId;
    private final int clusterSize;
    private String quorumVoters;

    /**
     * @param directory      where the broker keeps its data and logs; empty for a temporary directory that is
     *                       deleted on close
     * @param port           client port, 0 for a free one
     * @param controllerPort KRaft controller port, 0 for a free one
     * @param heap           the child JVM's maximum heap, e.g. {@code 512m}
     * @param jvmOptions     further options for the child JVM
     * @param config         broker settings that override devstack's (e.g. {@code num.partitions})
     * @param startTimeout   how long to wait for the broker to accept clients
     * @param scram          also a SASL_PLAINTEXT listener with SCRAM-SHA-512 and KRaft's StandardAuthorizer
     *                       (no ACL, no access): the services' users connect there ({@link KafkaUsers}); the
     *                       PLAINTEXT listener stays devstack's own, as the super user
     */
    public record Settings(Optional<Path> directory, int port, int controllerPort, String heap,
                           List<String> jvmOptions, Map<String, String> config, Duration startTimeout,
                           boolean scram) {

        /** Without SCRAM: one PLAINTEXT listener, no authorizer. */
        public Settings(Optional<Path> directory, int port, int controllerPort, String heap, List<String> jvmOptions,
                        Map<String, String> config, Duration startTimeout) {
            this(directory, port, controllerPort, heap, jvmOptions, config, startTimeout, false);
        }
    }

    /** A node of a cluster of {@code clusterSize}; {@link #joining} tells it the quorum before it starts. */
    KafkaBroker(Settings settings, int nodeId, String clusterId, int clusterSize) {
        super(settings.directory(), "annals-kafka-");
        this.settings = settings;
        this.nodeId = nodeId;
        this.clusterId = clusterId;
        this.clusterSize = clusterSize;
        this.port = FreePort.orPick(settings.port());
        this.controllerPort = FreePort.orPick(settings.controllerPort());
        this.scramPort = settings.scram() ? FreePort.orPick(0) : -1;
        this.quorumVoters = voter(); // alone, until a cluster says who else votes
    }

    /** Starts a broker that is a cluster of its own and returns once it accepts clients. */
    public static KafkaBroker start(Settings settings) {
        KafkaBroker broker = startedOrClosed(new KafkaBroker(settings, 1, Uuid.randomUuid().toString(), 1));
        LOG.log(System.Logger.Level.INFO, "Kafka broker ready at {0} (pid {1})", broker.bootstrapServers(),
                broker.pid());
        return broker;
    }

    /** The controller quorum of the cluster this node is one of: {@code id@host:port}, comma-separated. */
    void joining(String voters) {
        this.quorumVoters = voters;
    }

    /** {@code id@host:port}: this node as a voter of the controller quorum. */
    String voter() {
        return nodeId + "@" + HOST + ":" + controllerPort;
    }

    public int nodeId() {
        return nodeId;
    }

    @Override
    protected ChildProcess launch() {
        Path properties = writeServerProperties();
        Path log4j = writeLog4jConfig();
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaOfThisJvm());
        command.add("-Xms64m");
        command.add("-Xmx" + settings.heap());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + log4j);
        command.add("-Dkafka.logs.dir=" + directory());
        command.addAll(settings.jvmOptions());
        command.add("-cp");
        command.add(BrokerClasspath.resolve());
        command.add("dev.annals.devstack.kafka.broker.BrokerMain");
        command.add(properties.toString());
        command.add(clusterId);

        // SIGTERM runs Kafka's shutdown hook: a controlled shutdown that flushes the logs.
        return ChildProcess.start("Kafka broker", command, directory(), directory().resolve("console.log"),
                ChildProcess.StopRequest.SIGTERM, "TERM", deleteWhenOrphaned());
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The SCRAM listener's {@code host:port}, if the broker has one. */
    public Optional<String> scramBootstrapServers() {
        return scramPort < 0 ? Optional.empty() : Optional.of(HOST + ":" + scramPort);
    }

    /** Kafka's own log, for failures. */
    public Path serverLog() {
        return directory().resolve("server.log");
    }

    private Path writeServerProperties() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(nodeId));
        config.put("controller.quorum.voters", quorumVoters);
        config.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (scramPort >= 0) {
            config.put("listeners", config.get("listeners") + ",SCRAM://" + HOST + ":" + scramPort);
            config.put("advertised.listeners", config.get("advertised.listeners") + ",SCRAM://" + HOST + ":"
                    + scramPort);
            config.put("listener.security.protocol.map", config.get("listener.security.protocol.map")
                    + ",SCRAM:SASL_PLAINTEXT");
            config.put("sasl.enabled.mechanisms", KafkaUsers.MECHANISM);
            config.put("listener.name.scram.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            // nothing without an ACL; the PLAINTEXT and controller listeners (loopback, devstack's own and the
            // nodes' among themselves) are the super user's, ANONYMOUS
            config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            config.put("allow.everyone.if.no.acl.found", "false");
            config.put("super.users", "User:ANONYMOUS");
        }
        config.put("log.dirs", directory().resolve("data").toString());
        // the internal topics as durable as the cluster allows: one replica on one node, three (two in sync) on three
        String replicas = Integer.toString(Math.min(3, clusterSize));
        String minInsync = clusterSize >= 3 ? "2" : "1";
        config.put("offsets.topic.replication.factor", replicas);
        config.put("transaction.state.log.replication.factor", replicas);
        config.put("transaction.state.log.min.isr", minInsync);
        config.put("share.coordinator.state.topic.replication.factor", replicas);
        config.put("share.coordinator.state.topic.min.isr", minInsync);
        // sized for a laptop or a 2-core CI machine, not for throughput
        config.put("offsets.topic.num.partitions", "10");
        config.put("transaction.state.log.num.partitions", "10");
        config.put("num.partitions", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Annals creates its topics with explicit settings; a typo must not create a new topic silently.
        config.put("auto.create.topics.enable", "false");
        config.putAll(settings.config());

        Properties properties = new Properties();
        properties.putAll(config);
        Path file = directory().resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "written by devstack");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private Path writeLog4jConfig() {
        Path file = directory().resolve("log4j2.properties");
        String config = String.join("\n",
                "appender.file.type=File",
                "appender.file.name=file",
                "appender.file.fileName=" + serverLog(),
                "appender.file.layout.type=PatternLayout",
                "appender.file.layout.pattern=[%d] %p %m (%c)%n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.file.ref=file",
                "logger.state.name=state.change.logger",
                "logger.state.level=WARN",
                "");
        try {
            Files.writeString(file, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * Ready means the broker is registered and unfenced: the cluster's metadata lists it, so topics can be
     * created. First wait for the port, so that the Admin client does not log a connection failure per attempt.
     * In a cluster that needs a majority of the quorum up: its nodes start side by side.
     */
    @Override
    protected void awaitReady(ChildProcess process) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        awaitPort(process, deadline);
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        Exception lastFailure = null;
        try (Admin admin = Admin.create(adminConfig)) {
            while (System.nanoTime() < deadline) {
                process.requireAlive();
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .anyMatch(node -> node.id() == nodeId)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastFailure = e;
                }
                pause();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
        throw new IllegalStateException("the Kafka broker did not become ready within " + settings.startTimeout()
                + (lastFailure == null ? "" : " (last error: " + lastFailure.getMessage() + ")") + "; "
                + ChildProcess.tail(serverLog()));
    }

    private void awaitPort(ChildProcess process, long deadline) {
        while (System.nanoTime() < deadline) {
            process.requireAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 500);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IllegalStateException("the Kafka broker did not open port " + port + " within "
                + settings.startTimeout() + "; " + ChildProcess.tail(process.log()));
    }

    // Polling a child process: there is nothing to be notified by.
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
