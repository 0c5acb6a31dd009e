package dev.annals.devstack.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A Kafka cluster of one or more {@link KafkaBroker} nodes, each a broker and a voter of the controller quorum
 * (KRaft, static voters), in child JVMs of its own on 127.0.0.1. With three, topics can be replicated as in
 * production, and a test can kill any node — the controller leader too — while clients work.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KafkaCluster.class.getName());

    private final List<KafkaBroker> nodes;

    private KafkaCluster(List<KafkaBroker> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts {@code size} nodes side by side (a node is ready only once a majority of the quorum is up) and returns
     * once every one accepts clients. One node keeps {@code settings}' directory and ports as they are; with more,
     * each keeps its data in {@code node-<id>} of the directory, and the first takes the client port.
     */
    public static KafkaCluster start(KafkaBroker.Settings settings, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one node, not " + size);
        }
        if (size == 1) {
            return new KafkaCluster(List.of(KafkaBroker.start(settings)));
        }
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaBroker> nodes = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            String name = "node-" + id;
            Optional<Path> directory = settings.directory().map(parent -> parent.resolve(name));
            KafkaBroker.Settings node = new KafkaBroker.Settings(directory, id == 1 ? settings.port() : 0, 0,
                    settings.heap(), settings.jvmOptions(), settings.config(), settings.startTimeout(),
                    settings.scram());
            nodes.add(new KafkaBroker(node, id, clusterId, size));
        }
        String voters = nodes.stream().map(KafkaBroker::voter).collect(Collectors.joining(","));
        nodes.forEach(node -> node.joining(voters));
        KafkaCluster cluster = new KafkaCluster(nodes);
        try {
            cluster.startAll();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Kafka cluster of {0} ready at {1}", size, cluster.bootstrapServers());
        return cluster;
    }

    /** Every node's address, comma-separated, as clients take {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    /**
     * Every node's SCRAM listener, comma-separated, if the cluster was started with one ({@link
     * KafkaBroker.Settings#scram()}): where the services' own users log in.
     */
    public Optional<String> scramBootstrapServers() {
        List<String> listeners = nodes.stream().flatMap(node -> node.scramBootstrapServers().stream()).toList();
        return listeners.isEmpty() ? Optional.empty() : Optional.of(String.join(",", listeners));
    }

    public int size() {
        return nodes.size();
    }

    public List<KafkaBroker> nodes() {
        return nodes;
    }

    /** The node of this id (1 to size). */
    public KafkaBroker node(int id) {
        return nodes.stream().filter(node -> node.nodeId() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in a cluster of " + size()));
    }

    /** The id of the node that leads the controller quorum now, as the cluster's metadata says. */
    public int controllerLeader() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            return admin.describeMetadataQuorum().quorumInfo().get(15, TimeUnit.SECONDS).leaderId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot find the controller leader of " + bootstrapServers(), e);
        }
    }

    /** Stops every node, keeping its data. */
    public void stop() {
        nodes.forEach(KafkaBroker::stop);
    }

    /** Starts every stopped node, side by side, and returns once all accept clients. */
    public void start() {
        startAll();
    }

    @Override
    public void close() {
        nodes.forEach(KafkaBroker::close);
    }

    /** A thread per node: each waits for the others to form the quorum, so none may wait for another's thread. */
    private void startAll() {
        ExecutorService starters = Executors.newFixedThreadPool(nodes.size(), runnable -> {
            Thread thread = new Thread(runnable, "devstack-kafka-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> started = nodes.stream()
                    .map(node -> CompletableFuture.runAsync(node::start, starters)).toList();
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            starters.shutdown();
        }
    }
}
