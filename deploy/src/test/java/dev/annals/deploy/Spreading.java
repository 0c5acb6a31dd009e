package dev.annals.deploy;

import java.util.Map;

import static dev.annals.deploy.ManifestFields.list;
import static dev.annals.deploy.ManifestFields.map;

/** How a pod template (a PodSpec, or a Strimzi pod template) spreads its pods over nodes and zones. */
final class Spreading {

    private Spreading() {
    }

    /** No two pods on one node: a required anti-affinity or a DoNotSchedule spread, by host name. */
    static boolean onePerNode(Map<String, Object> pod) {
        boolean antiAffinity = list(map(map(pod, "affinity"), "podAntiAffinity"),
                "requiredDuringSchedulingIgnoredDuringExecution").stream()
                .anyMatch(term -> KafkaRules.HOST.equals(term.get("topologyKey")));
        return antiAffinity || spread(pod, KafkaRules.HOST, true);
    }

    /** Spread over zones; {@code strictly}: DoNotSchedule, not merely ScheduleAnyway. */
    static boolean overZones(Map<String, Object> pod, boolean strictly) {
        return spread(pod, KafkaRules.ZONE, strictly);
    }

    private static boolean spread(Map<String, Object> pod, String key, boolean strictly) {
        return list(pod, "topologySpreadConstraints").stream().anyMatch(constraint ->
                key.equals(constraint.get("topologyKey"))
                        && (!strictly || "DoNotSchedule".equals(constraint.get("whenUnsatisfiable"))));
    }
}
