package dev.annals.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static dev.annals.deploy.Rendered.integer;
import static dev.annals.deploy.ManifestFields.list;
import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.deploy.ManifestFields.name;

/**
 * PostgreSQL has resources of its own, room for every connection the services may open, no disruption budget
 * that blocks a drain when it runs alone, and (production) its instances on different nodes and zones and a
 * backup: a WAL archive and a schedule of base backups in an object store.
 */
final class DatabaseRules {

    /** PostgreSQL's default max_connections. */
    static final int DEFAULT_MAX_CONNECTIONS = 100;
    /** superuser_reserved_connections (3), and the operator's instance manager and metrics exporter. */
    static final int RESERVED_CONNECTIONS = 10;
    /** Connections a service opens outside its pools: annals-query's CheckpointListener holds one LISTEN. */
    static final Map<String, Integer> OUTSIDE_POOLS = Map.of("query-service", 1);
    /** Quarkus' default max-size of a reactive and of a JDBC pool. */
    static final int DEFAULT_POOL = 20;
    static final String BARMAN_CLOUD = "barman-cloud.cloudnative-pg.io";

    private DatabaseRules() {
    }

    static List<String> violations(Rendered rendered, Environment environment,
                                   Function<String, Properties> builtIn) {
        List<String> violations = new ArrayList<>();
        for (Map<String, Object> cluster : rendered.ofKind("Cluster")) {
            String name = name(cluster);
            Map<String, Object> spec = map(cluster, "spec");
            Map<String, Object> resources = map(spec, "resources");
            if (map(resources, "requests").get("memory") == null || map(resources, "limits").get("memory") == null
                    || map(resources, "requests").get("cpu") == null) {
                violations.add("Cluster " + name + " sets no cpu request and memory request and limit: its pods are"
                        + " BestEffort, the first a node evicts");
            }
            int instances = integer(spec.get("instances"), 1);
            if (instances == 1 && !Boolean.FALSE.equals(spec.get("enablePDB"))) {
                violations.add("Cluster " + name + " runs one instance with a PodDisruptionBudget (enablePDB):"
                        + " every node drain would block on it");
            }
            String bootstrap = String.join("\n", ManifestFields.strings(map(map(spec, "bootstrap"), "initdb")
                    .get("postInitApplicationSQL"))).replaceAll("\\s+", " ");
            if (bootstrap.matches("(?s).*REVOKE CONNECT[^;]* ON DATABASE postgres FROM PUBLIC.*")
                    && !bootstrap.contains("GRANT CONNECT ON DATABASE postgres TO streaming_replica")) {
                violations.add("Cluster " + name + " revokes CONNECT on database postgres from PUBLIC and grants it"
                        + " not to streaming_replica: a former primary's pg_rewind is refused and it never rejoins");
            }
            int limit = integer(map(map(spec, "postgresql"), "parameters").get("max_connections"),
                    DEFAULT_MAX_CONNECTIONS);
            int wanted = connections(rendered, builtIn);
            if (wanted > limit) {
                violations.add("Cluster " + name + " allows " + limit + " connections, but the services may open "
                        + wanted + " (" + RESERVED_CONNECTIONS + " reserved included)");
            }
            if (environment == Environment.PRODUCTION) {
                Map<String, Object> affinity = map(spec, "affinity");
                if (instances >= 2 && (Boolean.FALSE.equals(affinity.get("enablePodAntiAffinity"))
                        || !"required".equals(affinity.get("podAntiAffinityType")))) {
                    violations.add("Cluster " + name + " may run two instances on one node (podAntiAffinityType is"
                            + " not required)");
                }
                if (instances >= 2 && !Spreading.overZones(spec, true)) {
                    violations.add("Cluster " + name + " is not spread over zones (no DoNotSchedule"
                            + " topologySpreadConstraint on " + KafkaRules.ZONE + ")");
                }
                backupViolations(rendered, cluster).forEach(violations::add);
            }
        }
        return violations;
    }

    private static List<String> backupViolations(Rendered rendered, Map<String, Object> cluster) {
        List<String> violations = new ArrayList<>();
        String name = name(cluster);
        Optional<Map<String, Object>> archiver = list(map(cluster, "spec"), "plugins").stream()
                .filter(plugin -> BARMAN_CLOUD.equals(plugin.get("name"))
                        && Boolean.TRUE.equals(plugin.get("isWALArchiver"))).findFirst();
        if (archiver.isEmpty()) {
            violations.add("Cluster " + name + " archives no WAL (no " + BARMAN_CLOUD + " plugin with"
                    + " isWALArchiver): nothing to restore to a point in time from");
        } else {
            String store = String.valueOf(map(archiver.get(), "parameters").get("barmanObjectName"));
            Optional<Map<String, Object>> objectStore = rendered.find("ObjectStore", store);
            if (objectStore.isEmpty()) {
                violations.add("Cluster " + name + " archives to ObjectStore " + store + ", which is not in the"
                        + " overlay");
            } else if (guaranteed(map(map(cluster, "spec"), "resources"))
                    && !guaranteed(map(map(map(objectStore.get(), "spec"), "instanceSidecarConfiguration"),
                    "resources"))) {
                violations.add("ObjectStore " + store + " gives the plugin's sidecar no resources with requests equal"
                        + " to limits: Cluster " + name + "'s pods are Burstable, not Guaranteed");
            }
        }
        boolean scheduled = rendered.ofKind("ScheduledBackup").stream().map(backup -> map(backup, "spec"))
                .anyMatch(spec -> name.equals(map(spec, "cluster").get("name")) && "plugin".equals(spec.get("method"))
                        && BARMAN_CLOUD.equals(map(spec, "pluginConfiguration").get("name")));
        if (!scheduled) {
            violations.add("no ScheduledBackup backs Cluster " + name + " up with the " + BARMAN_CLOUD
                    + " plugin");
        }
        return violations;
    }

    /** Requests of cpu and memory, each equal to its limit: what makes a container count as Guaranteed. */
    private static boolean guaranteed(Map<String, Object> resources) {
        Map<String, Object> requests = map(resources, "requests");
        Map<String, Object> limits = map(resources, "limits");
        return requests.get("cpu") != null && requests.get("memory") != null
                && String.valueOf(requests.get("cpu")).equals(String.valueOf(limits.get("cpu")))
                && String.valueOf(requests.get("memory")).equals(String.valueOf(limits.get("memory")));
    }

    /** Every connection the overlay's Deployments may hold at once, at their most pods, and the reserve. */
    static int connections(Rendered rendered, Function<String, Properties> builtIn) {
        int total = RESERVED_CONNECTIONS;
        for (Map<String, Object> deployment : rendered.workloads()) {
            Properties settings = rendered.settingsOf(deployment, builtIn);
            int perPod = perPod(settings) + (perPod(settings) > 0 ? OUTSIDE_POOLS.getOrDefault(name(deployment), 0)
                    : 0);
            total += perPod * RolloutRules.mostPods(rendered, deployment);
        }
        return total;
    }

    /** The connections of one pod: each datasource's reactive and JDBC pool that has an address, at its max-size. */
    static int perPod(Properties settings) {
        Set<String> datasources = new TreeSet<>();
        for (String key : settings.stringPropertyNames()) {
            if (key.startsWith("quarkus.datasource.") && (key.endsWith(".url"))) {
                String rest = key.substring("quarkus.datasource.".length(), key.length() - ".url".length());
                datasources.add(rest);
            }
        }
        int connections = 0;
        for (String pool : datasources) {
            // "reactive", "jdbc", "<name>.reactive" or "<name>.jdbc"
            String prefix = "quarkus.datasource." + pool;
            connections += integer(settings.getProperty(prefix + ".max-size"), DEFAULT_POOL);
        }
        return connections;
    }
}
