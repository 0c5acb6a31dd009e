package dev.annals.system.manifests;

import dev.annals.deploy.NetworkPolicies;
import dev.annals.devstack.Devstack;
import dev.annals.devstack.auth.JwksServer;
import dev.annals.devstack.auth.TokenIssuer;
import dev.annals.devstack.service.ServiceCatalog;
import dev.annals.system.image.ImageRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.deploy.ManifestFields.name;
import static dev.annals.system.manifests.Rendered.ofKind;

/**
 * An overlay's rendered objects run on devstack: the operators' part done by {@link OperatorStandIns}, each
 * Deployment's container run by {@link ContainerProcess}, with the substitutions of ManifestsBootTheSystemIT.
 */
public final class ManifestDeployment implements AutoCloseable {

    /** The in-cluster addresses the manifests name (Strimzi's bootstrap Service, CloudNativePG's primary). */
    static final String KAFKA_IN_CLUSTER = "annals-kafka-bootstrap:9092";
    static final String POSTGRES_IN_CLUSTER = "annals-db-rw:5432";
    /** The OpenTelemetry Collector the services' properties export their spans to. */
    static final String COLLECTOR_IN_CLUSTER = "http://otel-collector.observability.svc:4318";
    /** The ConfigMap (generated, without a hash suffix) that names the token issuer. */
    static final String AUTH_CONFIG_MAP = "annals-auth";
    /** Where the signing keys are for a pod whose NetworkPolicies let it reach no identity provider: nowhere. */
    static final String UNREACHABLE_KEYS = "http://127.0.0.1:9/unreachable";
    private static final String KEYS_LOCATION = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";

    private final List<ContainerProcess> containers;

    private ManifestDeployment(List<ContainerProcess> containers) {
        this.containers = containers;
    }

    /**
     * Applies {@code objects} to devstack and returns once every Deployment's container is ready; the services
     * export their spans to {@code collector} (an OTLP/HTTP endpoint) instead of the cluster's collector, and
     * fetch the token issuer's keys from {@code keys} — each only if the objects' NetworkPolicies let its pods
     * reach that address and port, as a cluster would drop the connection otherwise.
     */
    public static ManifestDeployment start(Devstack devstack, List<Map<String, Object>> objects, Path repository,
                                           Duration timeout, String collector, JwksServer keys) throws Exception {
        Map<String, Map<String, String>> secrets = OperatorStandIns.apply(devstack, objects);
        Map<String, String> tokenIssuer = devstackTokenIssuer(objects, devstack.endpoints().tokens());
        tokenIssuer.put(KEYS_LOCATION, keys.location().toString());
        NetworkPolicies network = NetworkPolicies.of(objects);
        String kafka = devstack.kafkaCluster().scramBootstrapServers().orElseThrow();
        String postgres = devstack.postgres().host() + ":" + devstack.postgres().port();
        UnaryOperator<String> substitute = value -> value.replace(KAFKA_IN_CLUSTER, kafka)
                .replace(POSTGRES_IN_CLUSTER, postgres).replace(COLLECTOR_IN_CLUSTER, collector);
        List<ContainerProcess> containers = new ArrayList<>();
        ManifestDeployment deployment = new ManifestDeployment(containers);
        try {
            List<Map<String, Object>> workloads = new ArrayList<>(ofKind(objects, "Deployment"));
            workloads.addAll(ofKind(objects, "StatefulSet"));
            for (Map<String, Object> object : workloads) {
                Path runJar = ServiceCatalog.runJar(repository.resolve(name(object))).orElseThrow(() ->
                        new IllegalStateException(name(object) + " is not built: run ./mvnw install first"));
                Map<String, String> issuer = new LinkedHashMap<>(tokenIssuer);
                if (!network.allowsEgress(podLabels(object), keys.address(), keys.port())) {
                    issuer.put(KEYS_LOCATION, UNREACHABLE_KEYS);
                }
                containers.add(ContainerProcess.launch(object, runJar, objects, secrets, substitute, issuer));
            }
            CompletableFuture.allOf(containers.stream()
                    .map(container -> CompletableFuture.runAsync(() -> container.awaitReady(timeout)))
                    .toArray(CompletableFuture[]::new)).join();
            return deployment;
        } catch (RuntimeException e) {
            deployment.close();
            throw e.getCause() instanceof RuntimeException cause && e instanceof java.util.concurrent.CompletionException
                    ? cause : e;
        }
    }

    /**
     * Devstack's token issuer as the environment variables of ConfigMap annals-auth, which names the
     * cluster's: the one substitution of its kind (its keys' location is then its key set's on the network).
     */
    private static Map<String, String> devstackTokenIssuer(List<Map<String, Object>> objects, TokenIssuer tokens) {
        List<Map<String, Object>> auth = ofKind(objects, "ConfigMap").stream()
                .filter(configMap -> name(configMap).equals(AUTH_CONFIG_MAP)).toList();
        if (auth.size() != 1) {
            throw new IllegalStateException("expected one ConfigMap " + AUTH_CONFIG_MAP + ", found " + auth.size());
        }
        Map<String, Object> data = map(auth.get(0), "data");
        Map<String, String> devstack = new LinkedHashMap<>();
        tokens.quarkusConfig().forEach((key, value) ->
                devstack.put(ImageRunner.environmentName(key), value));
        if (!data.keySet().equals(devstack.keySet())) {
            throw new IllegalStateException(AUTH_CONFIG_MAP + " sets " + data.keySet() + ", not " + devstack.keySet());
        }
        return devstack;
    }

    private static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
    }

    /** Where the container of Deployment {@code deployment} answers on its port {@code portName}. */
    public String url(String deployment, String portName) {
        return containers.stream().filter(container -> container.name().equals(deployment)).findFirst()
                .orElseThrow().url(portName);
    }

    /** The Deployments' names: each service's {@code quarkus.application.name} too. */
    public List<String> serviceNames() {
        return containers.stream().map(ContainerProcess::name).toList();
    }

    public List<Path> logs() {
        return containers.stream().map(ContainerProcess::log).filter(Files::exists).toList();
    }

    public void keepLogs(Path directory) {
        try {
            Files.createDirectories(directory);
            for (Path log : logs()) {
                Files.copy(log, directory.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // all at once, as a namespace's pods are stopped: each waits out its shutdown delay (10 s) before it exits
        List<Thread> stopping = containers.stream()
                .map(container -> Thread.ofPlatform().start(container::close)).toList();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
