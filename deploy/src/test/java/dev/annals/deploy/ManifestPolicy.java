package dev.annals.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static dev.annals.deploy.ManifestFields.list;
import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.deploy.ManifestFields.name;
import static dev.annals.deploy.ManifestFields.strings;

/**
 * What every rendered overlay must hold beyond its schemas: each container has the three probes, requests and
 * limits, the restricted securityContext and a pinned image; each Deployment that runs two or more replicas has a
 * PodDisruptionBudget; the namespace denies all traffic by default; every Secret and ConfigMap a pod uses is in
 * the overlay or made by an operator from a resource in it; and what a real cluster asks of the network
 * ({@link NetworkRules}), Kafka ({@link KafkaRules}), PostgreSQL ({@link DatabaseRules}) and rollouts
 * ({@link RolloutRules}).
 */
final class ManifestPolicy {

    /** The namespace of everything the overlays make, and the kinds that live in none. */
    static final String NAMESPACE = "annals";
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

    private final List<Map<String, Object>> objects;
    private final List<String> violations = new ArrayList<>();

    private ManifestPolicy(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    /** The rules {@code objects}, an overlay for {@code environment}, break, each naming the object; empty when it holds them all. */
    static List<String> violations(List<Map<String, Object>> objects, Environment environment) {
        ManifestPolicy policy = new ManifestPolicy(objects);
        policy.check();
        Rendered rendered = new Rendered(objects);
        policy.violations.addAll(NetworkRules.violations(rendered));
        policy.violations.addAll(KafkaRules.violations(rendered, environment));
        policy.violations.addAll(DatabaseRules.violations(rendered, environment, BuiltInSettings::of));
        policy.violations.addAll(RolloutRules.violations(rendered, environment, BuiltInSettings::of));
        return policy.violations;
    }

    private void check() {
        for (Map<String, Object> deployment : objects.stream()
                .filter(object -> Rendered.WORKLOADS.contains(String.valueOf(object.get("kind")))).toList()) {
            String name = Rendered.named(deployment);
            Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
            for (Map<String, Object> container : list(pod, "containers")) {
                containerRules(name + " container " + container.get("name"), pod, container);
            }
            if (replicas(deployment) >= 2 && !hasDisruptionBudget(deployment)) {
                violations.add(name + " runs " + replicas(deployment)
                        + " replicas and no PodDisruptionBudget selects its pods");
            }
            for (Map<String, Object> volume : list(pod, "volumes")) {
                if (volume.containsKey("emptyDir") && map(volume, "emptyDir").get("sizeLimit") == null) {
                    violations.add(name + " volume " + volume.get("name") + " is an emptyDir without"
                            + " sizeLimit: it may fill the node's disk");
                }
            }
            references(pod).forEach(reference -> {
                if (!available().contains(reference)) {
                    violations.add(name + " uses " + reference
                            + ", which is neither in the overlay nor made by an operator from a resource in it");
                }
            });
        }
        for (Map<String, Object> budget : ofKind("PodDisruptionBudget")) {
            // by default a budget counts a crash-looping or never-ready pod as one it protects: a drain then
            // waits for ever on a pod that will never be healthy (Kubernetes' own advice since 1.27)
            if (!"AlwaysAllow".equals(map(budget, "spec").get("unhealthyPodEvictionPolicy"))) {
                violations.add(Rendered.named(budget)
                        + " does not set unhealthyPodEvictionPolicy: AlwaysAllow: a pod that never becomes"
                        + " ready would block every node drain");
            }
        }
        for (Map<String, Object> object : objects) {
            String namespace = String.valueOf(map(object, "metadata").get("namespace"));
            if (!CLUSTER_SCOPED.contains(String.valueOf(object.get("kind"))) && !NAMESPACE.equals(namespace)) {
                violations.add(object.get("kind") + " " + name(object) + " is in namespace " + namespace + ", not "
                        + NAMESPACE + ": kubectl apply -k would put it wherever kubectl points");
            }
        }
        boolean defaultDeny = ofKind("NetworkPolicy").stream().anyMatch(policy -> {
            Map<String, Object> spec = map(policy, "spec");
            return map(spec, "podSelector").isEmpty() && spec.get("ingress") == null && spec.get("egress") == null
                    && Set.copyOf(strings(spec.get("policyTypes"))).equals(Set.of("Ingress", "Egress"));
        });
        if (!defaultDeny) {
            violations.add("no NetworkPolicy denies all ingress and egress of every pod by default");
        }
    }

    private void containerRules(String where, Map<String, Object> pod, Map<String, Object> container) {
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Map<String, Object> http = map(map(container, probe), "httpGet");
            if (!String.valueOf(http.get("path")).startsWith("/q/health/")) {
                violations.add(where + " has no " + probe + " on /q/health/*");
            }
        }
        Map<String, Object> resources = map(container, "resources");
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (map(resources, bound).get(resource) == null) {
                    violations.add(where + " has no " + resource + " in resources." + bound);
                }
            }
        }
        Map<String, Object> security = map(container, "securityContext");
        Map<String, Object> podSecurity = map(pod, "securityContext");
        if (!Boolean.TRUE.equals(security.getOrDefault("runAsNonRoot", podSecurity.get("runAsNonRoot")))) {
            violations.add(where + " may run as root (runAsNonRoot is not true)");
        }
        if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
            violations.add(where + " has a writable root filesystem");
        }
        if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
            violations.add(where + " allows privilege escalation");
        }
        if (!strings(map(security, "capabilities").get("drop")).contains("ALL")) {
            violations.add(where + " does not drop all capabilities");
        }
        Object seccomp = map(security, "seccompProfile").getOrDefault("type",
                map(podSecurity, "seccompProfile").get("type"));
        if (!"RuntimeDefault".equals(seccomp)) {
            violations.add(where + " has no RuntimeDefault seccomp profile");
        }
        String image = String.valueOf(container.get("image"));
        String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                ? image.substring(image.lastIndexOf(':') + 1) : "";
        if (tag.isEmpty() || tag.equals("latest")) {
            violations.add(where + " runs image " + image + ", which names no tag or the tag latest");
        }
    }

    /** A Deployment's replicas: its HorizontalPodAutoscaler's minimum if one scales it, else its own. */
    private int replicas(Map<String, Object> deployment) {
        return RolloutRules.autoscaler(new Rendered(objects), deployment)
                .map(autoscaler -> ((Number) map(autoscaler, "spec").getOrDefault("minReplicas", 1)).intValue())
                .orElse(((Number) map(deployment, "spec").getOrDefault("replicas", 1)).intValue());
    }

    private boolean hasDisruptionBudget(Map<String, Object> deployment) {
        Map<String, Object> labels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
        return ofKind("PodDisruptionBudget").stream().anyMatch(budget -> {
            Map<String, Object> selector = map(map(map(budget, "spec"), "selector"), "matchLabels");
            return !selector.isEmpty() && selector.entrySet().stream()
                    .allMatch(label -> Objects.equals(labels.get(label.getKey()), label.getValue()));
        });
    }

    /** {@code Secret/name} and {@code ConfigMap/name} of everything the pod reads. */
    private static Set<String> references(Map<String, Object> pod) {
        Set<String> references = new HashSet<>();
        for (Map<String, Object> container : list(pod, "containers")) {
            for (Map<String, Object> env : list(container, "env")) {
                Map<String, Object> from = map(env, "valueFrom");
                if (from.containsKey("secretKeyRef")) {
                    references.add("Secret/" + map(from, "secretKeyRef").get("name"));
                }
                if (from.containsKey("configMapKeyRef")) {
                    references.add("ConfigMap/" + map(from, "configMapKeyRef").get("name"));
                }
            }
            for (Map<String, Object> from : list(container, "envFrom")) {
                if (from.containsKey("secretRef")) {
                    references.add("Secret/" + map(from, "secretRef").get("name"));
                }
                if (from.containsKey("configMapRef")) {
                    references.add("ConfigMap/" + map(from, "configMapRef").get("name"));
                }
            }
        }
        for (Map<String, Object> volume : list(pod, "volumes")) {
            if (volume.containsKey("secret")) {
                references.add("Secret/" + map(volume, "secret").get("secretName"));
            }
            if (volume.containsKey("configMap")) {
                references.add("ConfigMap/" + map(volume, "configMap").get("name"));
            }
        }
        return references;
    }

    /**
     * The Secrets and ConfigMaps of the overlay, and those the operators make from its resources: Strimzi a
     * Secret per KafkaUser (its name) and {@code <cluster>-cluster-ca-cert} per Kafka; CloudNativePG
     * {@code <cluster>-app} for the owner of an initdb database whose secret it is not given.
     */
    private Set<String> available() {
        Set<String> available = new HashSet<>();
        for (Map<String, Object> object : objects) {
            String name = name(object);
            switch (String.valueOf(object.get("kind"))) {
                case "Secret" -> available.add("Secret/" + name);
                case "ConfigMap" -> available.add("ConfigMap/" + name);
                case "KafkaUser" -> available.add("Secret/" + name);
                case "Kafka" -> available.add("Secret/" + name + "-cluster-ca-cert");
                case "Cluster" -> {
                    Map<String, Object> initdb = map(map(map(object, "spec"), "bootstrap"), "initdb");
                    if (!initdb.isEmpty() && !initdb.containsKey("secret")) {
                        available.add("Secret/" + name + "-app");
                    }
                }
                default -> { }
            }
        }
        return available;
    }

    private List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }




}
