package dev.annals.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.annals.deploy.Rendered.integer;
import static dev.annals.deploy.ManifestFields.list;
import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.deploy.ManifestFields.name;

/**
 * The Kafka nodes can write the volumes a cloud provider gives them, and (production) survive the loss of a node
 * or a zone: rack awareness puts each partition's replicas in different zones, and each node pool runs one pod per
 * node, spread over the zones.
 */
final class KafkaRules {

    static final String ZONE = "topology.kubernetes.io/zone";
    static final String HOST = "kubernetes.io/hostname";

    private KafkaRules() {
    }

    static List<String> violations(Rendered rendered, Environment environment) {
        List<String> violations = new ArrayList<>();
        Map<String, Object> kafkaTemplate = rendered.ofKind("Kafka").stream().findFirst()
                .map(kafka -> map(map(map(kafka, "spec"), "kafka"), "template")).orElse(Map.of());
        for (Map<String, Object> pool : rendered.ofKind("KafkaNodePool")) {
            Map<String, Object> spec = map(pool, "spec");
            boolean persistent = list(map(spec, "storage"), "volumes").stream()
                    .anyMatch(volume -> "persistent-claim".equals(volume.get("type")))
                    || "persistent-claim".equals(map(spec, "storage").get("type"));
            // Strimzi 0.49 takes a pool's template.pod instead of the Kafka resource's, whole, not field by field
            Map<String, Object> podTemplate = map(map(spec, "template"), "pod");
            Map<String, Object> security = map(podTemplate.isEmpty() ? map(kafkaTemplate, "pod") : podTemplate,
                    "securityContext");
            if (persistent && !security.isEmpty() && !security.containsKey("fsGroup")) {
                violations.add("KafkaNodePool " + name(pool) + " gives its pods a securityContext without fsGroup:"
                        + " Strimzi uses it as is, and a new cloud block volume stays root's, unwritable to Kafka");
            }
            if (!Boolean.TRUE.equals(security.get("runAsNonRoot"))
                    || !"RuntimeDefault".equals(map(security, "seccompProfile").get("type"))) {
                violations.add("KafkaNodePool " + name(pool) + " gives its pods no runAsNonRoot and RuntimeDefault"
                        + " seccomp profile: the namespace's restricted Pod Security refuses them");
            }
            if (environment == Environment.PRODUCTION && integer(spec.get("replicas"), 1) >= 2) {
                if (!Spreading.onePerNode(podTemplate)) {
                    violations.add("KafkaNodePool " + name(pool) + " may run two of its pods on one node (no"
                            + " required anti-affinity or DoNotSchedule spread on " + HOST + ")");
                }
                if (!Spreading.overZones(podTemplate, true)) {
                    violations.add("KafkaNodePool " + name(pool) + " is not spread over zones (no DoNotSchedule"
                            + " topologySpreadConstraint on " + ZONE + ")");
                }
            }
        }
        if (environment == Environment.PRODUCTION) {
            for (Map<String, Object> kafka : rendered.ofKind("Kafka")) {
                if (!ZONE.equals(map(map(map(kafka, "spec"), "kafka"), "rack").get("topologyKey"))) {
                    violations.add("Kafka " + name(kafka) + " has no rack awareness by " + ZONE + ": a partition's"
                            + " replicas may share a zone and be lost with it");
                }
            }
        }
        return violations;
    }
}
