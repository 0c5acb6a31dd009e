package dev.annals.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import static dev.annals.deploy.Rendered.integer;
import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.deploy.ManifestFields.name;

/**
 * Rollouts and scaling drop no request: the autoscalers alone own the replica counts of what they scale; each
 * service keeps serving, unready, for a delay after SIGTERM while the endpoints forget it, within its grace
 * period; the Ingress lets query-service's live streams run as long as a token does; and (production) every
 * Deployment of two or more pods spreads them over nodes and zones.
 */
final class RolloutRules {

    /** Long enough for an endpoint's removal to reach every kube-proxy and ingress controller. */
    static final Duration SHORTEST_DELAY = Duration.ofSeconds(5);
    /** What Kubernetes needs beyond the delay and Quarkus' shutdown timeout to see the process exit. */
    static final Duration MARGIN = Duration.ofSeconds(5);
    /** The longest a token, and so a live stream, lasts (SMALLRYE_JWT_TIME_TO_LIVE). */
    static final int LONGEST_STREAM_SECONDS = 3600;

    private RolloutRules() {
    }

    static List<String> violations(Rendered rendered, Environment environment,
                                   Function<String, Properties> builtIn) {
        List<String> violations = new ArrayList<>();
        for (Map<String, Object> deployment : rendered.workloads()) {
            String name = Rendered.named(deployment);
            if (autoscaler(rendered, deployment).isPresent() && map(deployment, "spec").containsKey("replicas")) {
                violations.add(name + " sets replicas, which its HorizontalPodAutoscaler owns: every"
                        + " apply would reset them");
            }
            Properties settings = rendered.settingsOf(deployment, builtIn);
            Duration delay = Optional.ofNullable(settings.getProperty("quarkus.shutdown.delay"))
                    .map(Rendered::duration).orElse(Duration.ZERO);
            if (!Boolean.parseBoolean(settings.getProperty("quarkus.shutdown.delay-enabled", "false"))
                    || delay.compareTo(SHORTEST_DELAY) < 0) {
                violations.add(name + " stops accepting at SIGTERM (quarkus.shutdown.delay-enabled"
                        + " and a quarkus.shutdown.delay of " + SHORTEST_DELAY.toSeconds() + " s or more): requests"
                        + " the endpoints still send it are lost");
            }
            Duration timeout = Optional.ofNullable(settings.getProperty("quarkus.shutdown.timeout"))
                    .map(Rendered::duration).orElse(Duration.ZERO);
            long grace = integer(Rendered.pod(deployment).get("terminationGracePeriodSeconds"), 30);
            if (grace < delay.plus(timeout).plus(MARGIN).toSeconds()) {
                violations.add(name + " is killed after " + grace + " s, before its shutdown delay ("
                        + delay.toSeconds() + " s) and timeout (" + timeout.toSeconds() + " s) are over");
            }
            // a Deployment does not count its stopping pods against maxSurge: without a wait before the next old
            // pod goes, a rollout has many stopping at once, each holding its database pools (DatabaseRules)
            if ("Deployment".equals(deployment.get("kind")) && DatabaseRules.perPod(settings) > 0
                    && integer(map(deployment, "spec").get("minReadySeconds"), 0) < delay.plus(timeout).toSeconds()) {
                violations.add(name + " holds database connections and sets no minReadySeconds of at least its"
                        + " shutdown delay and timeout (" + delay.plus(timeout).toSeconds() + " s): a rollout may"
                        + " have more pods stopping, their pools still open, than max_connections counts");
            }
            autoscaler(rendered, deployment).filter(scaler -> "StatefulSet".equals(deployment.get("kind")))
                    .filter(scaler -> !scalesDownOneAtATime(scaler))
                    .ifPresent(scaler -> violations.add(name + "'s autoscaler may remove several pods at once (no"
                            + " scaleDown policy of one pod per period): the partitions they held, actives and"
                            + " standbys both, restore from nothing"));
            if (environment == Environment.PRODUCTION && mostPods(rendered, deployment) > 2) {
                Map<String, Object> pod = Rendered.pod(deployment);
                if (!Spreading.onePerNode(pod) || !Spreading.overZones(pod, false)) {
                    violations.add(name + " runs several pods without spreading them over nodes and"
                            + " zones");
                }
            }
        }
        for (Map<String, Object> ingress : rendered.ofKind("Ingress")) {
            boolean routesQueries = ManifestFields.list(map(ingress, "spec"), "rules").stream()
                    .flatMap(rule -> ManifestFields.list(map(rule, "http"), "paths").stream())
                    .anyMatch(path -> "query-service".equals(map(map(path, "backend"), "service").get("name")));
            Map<String, Object> annotations = map(map(ingress, "metadata"), "annotations");
            if (routesQueries && (integer(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout"), 60)
                    < LONGEST_STREAM_SECONDS
                    || !"off".equals(annotations.get("nginx.ingress.kubernetes.io/proxy-buffering")))) {
                violations.add("Ingress " + name(ingress) + " routes query-service's live streams, but cuts them"
                        + " after a silence shorter than a token's life or buffers them");
            }
        }
        locationViolation(rendered).ifPresent(violations::add);
        return violations;
    }

    /**
     * When the Ingresses put commands and queries on different hosts, a 201's Location (the read base URL plus
     * {@code /api/{type}/{id}}) must name the queries' host: relative, it resolves against command-service.
     */
    private static Optional<String> locationViolation(Rendered rendered) {
        Optional<String> commands = hostOf(rendered, "command-service");
        Optional<String> queries = hostOf(rendered, "query-service");
        if (commands.isEmpty() || queries.isEmpty() || commands.equals(queries)) {
            return Optional.empty();
        }
        Optional<String> base = rendered.workloads().stream().filter(w -> "command-service".equals(name(w)))
                .findFirst().flatMap(w -> Rendered.env(w, "ANNALS_GATEWAY_READ_BASE_URL"));
        String wanted = "https://" + queries.get();
        return base.filter(wanted::equals).isPresent() ? Optional.empty()
                : Optional.of("command-service answers 201 with a Location on " + commands.get() + ", where nothing"
                + " reads: ANNALS_GATEWAY_READ_BASE_URL must be " + wanted + " (it is " + base.orElse("unset") + ")");
    }

    /** The host an Ingress routes to {@code service} on. */
    private static Optional<String> hostOf(Rendered rendered, String service) {
        return rendered.ofKind("Ingress").stream()
                .flatMap(ingress -> ManifestFields.list(map(ingress, "spec"), "rules").stream())
                .filter(rule -> ManifestFields.list(map(rule, "http"), "paths").stream()
                        .anyMatch(path -> service.equals(map(map(path, "backend"), "service").get("name"))))
                .map(rule -> String.valueOf(rule.get("host"))).findFirst();
    }

    /**
     * The most pods a workload runs: its autoscaler's maximum or its replicas, and for a Deployment its surge while it
     * rolls, twice: the new pods, and as many old ones still stopping (minReadySeconds keeps it to that, above); a
     * StatefulSet replaces a pod after it has gone.
     */
    static int mostPods(Rendered rendered, Map<String, Object> deployment) {
        int replicas = autoscaler(rendered, deployment)
                .map(autoscaler -> integer(map(autoscaler, "spec").get("maxReplicas"), 1))
                .orElse(integer(map(deployment, "spec").get("replicas"), 1));
        if ("StatefulSet".equals(deployment.get("kind"))) {
            return replicas;
        }
        Object surge = map(map(map(deployment, "spec"), "strategy"), "rollingUpdate").getOrDefault("maxSurge", "25%");
        String text = String.valueOf(surge);
        int extra = text.endsWith("%") ? (int) Math.ceil(replicas * Integer.parseInt(text.replace("%", "")) / 100.0)
                : Integer.parseInt(text);
        return replicas + 2 * extra;
    }

    /** Every scale-down policy removes at most one pod per period, and there is at least one (the default is 100%). */
    private static boolean scalesDownOneAtATime(Map<String, Object> autoscaler) {
        List<Map<String, Object>> policies = ManifestFields.list(map(map(map(autoscaler, "spec"), "behavior"),
                "scaleDown"), "policies");
        return !policies.isEmpty() && policies.stream()
                .allMatch(policy -> "Pods".equals(policy.get("type")) && integer(policy.get("value"), 0) == 1);
    }

    static Optional<Map<String, Object>> autoscaler(Rendered rendered, Map<String, Object> deployment) {
        return rendered.ofKind("HorizontalPodAutoscaler").stream().filter(autoscaler -> {
            Map<String, Object> target = map(map(autoscaler, "spec"), "scaleTargetRef");
            return String.valueOf(deployment.get("kind")).equals(target.get("kind"))
                    && name(deployment).equals(target.get("name"));
        }).findFirst();
    }
}
