package dev.annals.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.annals.deploy.ManifestFields.list;
import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.deploy.ManifestFields.name;

/**
 * What the NetworkPolicies must let through and keep out beyond default deny: each service reaches its token
 * issuer's signing keys; no pod may reach any address at all; the Kafka listeners admit only their clients'
 * pods; CloudNativePG's operator reaches the instances on both ports its documentation names, from its own pods.
 */
final class NetworkRules {

    /** The ConfigMap that names the token issuer, and its key for the signing keys' address. */
    static final String AUTH_CONFIG_MAP = "annals-auth";
    static final String KEYS_LOCATION = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";
    /** Labels that stand for the pods the operators make (their policies select them by these). */
    static final Map<String, Object> KAFKA_POD = Map.of("strimzi.io/cluster", "annals");
    static final Map<String, Object> POSTGRES_POD = Map.of("cnpg.io/cluster", "annals-db");
    static final Map<String, Object> CNPG_OPERATOR = Map.of("app.kubernetes.io/name", "cloudnative-pg");

    private NetworkRules() {
    }

    static List<String> violations(Rendered rendered) {
        List<String> violations = new ArrayList<>();
        NetworkPolicies policies = NetworkPolicies.of(rendered.objects());
        for (Map<String, Object> deployment : rendered.workloads()) {
            Map<String, Object> labels = Rendered.podLabels(deployment);
            keysLocation(rendered, deployment).ifPresent(location -> {
                if (!reaches(policies, labels, location)) {
                    violations.add(Rendered.named(deployment) + " verifies tokens with the keys at " + location
                            + ", but no NetworkPolicy lets its pods reach that address and port: every API call"
                            + " would be 401");
                }
            });
            policies.unboundedEgress(labels).forEach(rule -> violations.add(Rendered.named(deployment)
                    + " may reach any address: " + rule));
        }
        policies.unboundedEgress(KAFKA_POD).forEach(rule -> violations.add("the Kafka pods may reach any address: "
                + rule));
        policies.unboundedEgress(POSTGRES_POD).forEach(rule -> violations.add("the PostgreSQL pods may reach any"
                + " address: " + rule));
        for (Map<String, Object> kafka : rendered.ofKind("Kafka")) {
            for (Map<String, Object> listener : list(map(map(kafka, "spec"), "kafka"), "listeners")) {
                if (list(listener, "networkPolicyPeers").isEmpty()) {
                    violations.add("Kafka " + name(kafka) + " listener " + listener.get("name") + " has no"
                            + " networkPolicyPeers: Strimzi opens it to every pod of every namespace");
                }
            }
        }
        if (!rendered.ofKind("Cluster").isEmpty()) {
            for (int port : List.of(8000, 5432)) {
                if (!operatorReaches(rendered, port)) {
                    violations.add("no NetworkPolicy admits CloudNativePG's operator pods (and only them) to the"
                            + " PostgreSQL pods' port " + port);
                }
            }
        }
        return violations;
    }

    private static java.util.Optional<URI> keysLocation(Rendered rendered, Map<String, Object> deployment) {
        boolean readsAuth = list(list(Rendered.pod(deployment), "containers").get(0), "envFrom").stream()
                .anyMatch(from -> AUTH_CONFIG_MAP.equals(map(from, "configMapRef").get("name")));
        if (!readsAuth) {
            return java.util.Optional.empty();
        }
        return rendered.find("ConfigMap", AUTH_CONFIG_MAP).map(auth -> map(auth, "data").get(KEYS_LOCATION))
                .map(location -> URI.create(String.valueOf(location)))
                .filter(uri -> "https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
    }

    /** Whether pods labelled {@code labels} may open a connection to the host and port of {@code location}. */
    static boolean reaches(NetworkPolicies policies, Map<String, ?> labels, URI location) {
        int port = location.getPort() != -1 ? location.getPort() : "https".equals(location.getScheme()) ? 443 : 80;
        String host = location.getHost();
        boolean literal = host.matches("[0-9.]+") || host.contains(":");
        return literal ? policies.allowsEgress(labels, host.replaceAll("[\\[\\]]", ""), port)
                : policies.allowsEgressOutside(labels, port);
    }

    /** Whether a policy selecting the PostgreSQL pods admits the operator's pods, by namespace and labels, on {@code port}. */
    private static boolean operatorReaches(Rendered rendered, int port) {
        return rendered.ofKind("NetworkPolicy").stream()
                .filter(policy -> NetworkPolicies.selects(map(map(policy, "spec"), "podSelector"), POSTGRES_POD))
                .flatMap(policy -> list(map(policy, "spec"), "ingress").stream())
                .filter(rule -> list(rule, "ports").stream()
                        .anyMatch(allowed -> Rendered.integer(allowed.get("port"), -1) == port))
                .flatMap(rule -> list(rule, "from").stream())
                .anyMatch(peer -> !map(peer, "namespaceSelector").isEmpty()
                        && NetworkPolicies.selects(map(peer, "podSelector"), CNPG_OPERATOR)
                        && !map(map(peer, "podSelector"), "matchLabels").isEmpty());
    }

}
