package dev.annals.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.annals.deploy.RenderedManifestsTest.copy;
import static dev.annals.deploy.RenderedManifestsTest.find;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule a real cluster asks for (issue M) catches the manifests that break it: every one of these was what
 * the manifests did before the rule came.
 */
class ClusterPolicyTest {

    private static final List<Map<String, Object>> PRODUCTION = RenderedOverlays.render("production+components");
    private static final List<Map<String, Object>> DEV = RenderedOverlays.render("overlays/dev");

    @Test
    void services_that_cannot_reach_the_token_issuers_keys_are_caught() {
        assertThat(production(objects -> objects.removeIf(object -> "identity-provider".equals(
                RenderedManifestsTest.name(object))))).hasSize(4).allSatisfy(violation -> assertThat(violation)
                .contains("verifies tokens with the keys at https://login.example.com/", "every API call would be 401"));
        // the right address on another port is no way through either
        assertThat(production(objects -> ports(find(objects, "NetworkPolicy", "identity-provider")).get(0)
                .put("port", 8443))).hasSize(4);
    }

    @Test
    void an_issuer_named_by_address_must_be_inside_the_allowed_block() {
        List<Map<String, Object>> objects = copy(PRODUCTION);
        data(find(objects, "ConfigMap", "annals-auth")).put(NetworkRules.KEYS_LOCATION, "https://198.51.100.7/certs");
        assertThat(ManifestPolicy.violations(objects, Environment.PRODUCTION)).hasSize(4);
        to(find(objects, "NetworkPolicy", "identity-provider")).put("cidr", "198.51.100.0/24");
        assertThat(ManifestPolicy.violations(objects, Environment.PRODUCTION)).isEmpty();
    }

    @Test
    void kafka_and_postgres_pods_that_may_reach_any_address_are_caught() {
        assertThat(production(objects -> {
            rules(find(objects, "NetworkPolicy", "kafka-kubernetes-api")).get(0).remove("to");
            to(find(objects, "NetworkPolicy", "postgres-object-store")).put("cidr", "0.0.0.0/0");
        })).hasSize(2).anySatisfy(violation -> assertThat(violation).startsWith("the Kafka pods may reach any address"))
                .anySatisfy(violation -> assertThat(violation).startsWith("the PostgreSQL pods may reach any address"));
    }

    @Test
    void a_kafka_listener_open_to_every_namespace_is_caught() {
        assertThat(production(objects -> listener(find(objects, "Kafka", "annals")).remove("networkPolicyPeers")))
                .containsExactly("Kafka annals listener scramtls has no networkPolicyPeers: Strimzi opens it to every"
                        + " pod of every namespace");
    }

    @Test
    void the_operator_admitted_on_one_port_or_from_its_whole_namespace_is_caught() {
        assertThat(production(objects -> {
            Map<String, Object> postgres = find(objects, "NetworkPolicy", "postgres");
            List<Map<String, Object>> ingress = list(spec(postgres), "ingress");
            ingress.remove(ingress.size() - 1);
            list(ingress.get(ingress.size() - 1), "from").forEach(peer -> peer.remove("podSelector"));
        })).containsExactly(
                "no NetworkPolicy admits CloudNativePG's operator pods (and only them) to the PostgreSQL pods' port 8000",
                "no NetworkPolicy admits CloudNativePG's operator pods (and only them) to the PostgreSQL pods' port 5432");
    }

    @Test
    void kafka_pods_without_fs_group_are_caught() {
        assertThat(production(objects -> List.of("controllers", "brokers").forEach(pool -> map(map(map(spec(
                find(objects, "KafkaNodePool", pool)), "template"), "pod"), "securityContext").remove("fsGroup"))))
                .containsExactlyInAnyOrder(
                        "KafkaNodePool controllers gives its pods a securityContext without fsGroup: Strimzi uses it as"
                                + " is, and a new cloud block volume stays root's, unwritable to Kafka",
                        "KafkaNodePool brokers gives its pods a securityContext without fsGroup: Strimzi uses it as"
                                + " is, and a new cloud block volume stays root's, unwritable to Kafka");
    }

    @Test
    void dev_pods_without_fs_group_from_the_kafka_resource_are_caught() {
        List<Map<String, Object>> objects = copy(DEV);
        securityContext(find(objects, "Kafka", "annals")).remove("fsGroup");
        assertThat(ManifestPolicy.violations(objects, Environment.DEV)).containsExactly("KafkaNodePool dual-role gives"
                + " its pods a securityContext without fsGroup: Strimzi uses it as is, and a new cloud block volume"
                + " stays root's, unwritable to Kafka");
    }

    @Test
    void a_pool_template_without_the_restricted_security_context_is_caught() {
        // a pool's template.pod replaces the Kafka resource's whole: the base's context does not reach its pods
        assertThat(production(objects -> map(map(spec(find(objects, "KafkaNodePool", "brokers")), "template"), "pod")
                .remove("securityContext"))).containsExactly("KafkaNodePool brokers gives its pods no runAsNonRoot and"
                + " RuntimeDefault seccomp profile: the namespace's restricted Pod Security refuses them");
    }

    @Test
    void kafka_without_racks_and_pools_without_spreading_are_caught() {
        assertThat(production(objects -> {
            map(spec(find(objects, "Kafka", "annals")), "kafka").remove("rack");
            spec(find(objects, "KafkaNodePool", "brokers")).remove("template");
        })).containsExactlyInAnyOrder(
                "Kafka annals has no rack awareness by topology.kubernetes.io/zone: a partition's replicas may share a"
                        + " zone and be lost with it",
                "KafkaNodePool brokers may run two of its pods on one node (no required anti-affinity or"
                        + " DoNotSchedule spread on kubernetes.io/hostname)",
                "KafkaNodePool brokers is not spread over zones (no DoNotSchedule topologySpreadConstraint on"
                        + " topology.kubernetes.io/zone)");
    }

    @Test
    void postgres_on_one_node_or_zone_and_without_resources_or_backups_are_caught() {
        assertThat(production(objects -> {
            Map<String, Object> cluster = spec(find(objects, "Cluster", "annals-db"));
            cluster.remove("affinity");
            cluster.remove("topologySpreadConstraints");
            cluster.remove("resources");
            cluster.remove("plugins");
            objects.removeIf(object -> "ScheduledBackup".equals(object.get("kind")));
        })).containsExactlyInAnyOrder(
                "Cluster annals-db sets no cpu request and memory request and limit: its pods are BestEffort, the"
                        + " first a node evicts",
                "Cluster annals-db may run two instances on one node (podAntiAffinityType is not required)",
                "Cluster annals-db is not spread over zones (no DoNotSchedule topologySpreadConstraint on"
                        + " topology.kubernetes.io/zone)",
                "Cluster annals-db archives no WAL (no barman-cloud.cloudnative-pg.io plugin with isWALArchiver):"
                        + " nothing to restore to a point in time from",
                "no ScheduledBackup backs Cluster annals-db up with the barman-cloud.cloudnative-pg.io plugin");
    }

    @Test
    void too_few_connections_for_the_services_at_their_most_are_caught() {
        assertThat(DatabaseRules.connections(new Rendered(PRODUCTION), BuiltInSettings::of))
                .as("12 query-service pods x 17 + 4 x 14 + 4 x 6 + 10 reserved").isEqualTo(294);
        assertThat(production(objects -> parameters(find(objects, "Cluster", "annals-db"))
                .remove("max_connections"))).containsExactly("Cluster annals-db allows 100 connections, but the"
                + " services may open 294 (10 reserved included)");
        // the autoscaler's maximum counts, not the replicas of today
        assertThat(production(objects -> spec(find(objects, "HorizontalPodAutoscaler", "query-service"))
                .put("maxReplicas", 20))).containsExactly("Cluster annals-db allows 350 connections, but the"
                + " services may open 464 (10 reserved included)");
    }

    @Test
    void pods_stopping_in_numbers_during_a_rollout_are_caught() {
        assertThat(production(objects -> spec(find(objects, "Deployment", "projection-service"))
                .remove("minReadySeconds"))).containsExactly("Deployment projection-service holds database"
                + " connections and sets no minReadySeconds of at least its shutdown delay and timeout (30 s): a"
                + " rollout may have more pods stopping, their pools still open, than max_connections counts");
    }

    @Test
    void a_database_its_standbys_may_not_rewind_from_is_caught() {
        assertThat(production(objects -> {
            Map<String, Object> initdb = map(map(spec(find(objects, "Cluster", "annals-db")), "bootstrap"), "initdb");
            List<?> sql = (List<?>) initdb.get("postInitApplicationSQL");
            initdb.put("postInitApplicationSQL", sql.stream()
                    .filter(statement -> !String.valueOf(statement).contains("streaming_replica")).toList());
        })).containsExactly("Cluster annals-db revokes CONNECT on database postgres from PUBLIC and grants it not to"
                + " streaming_replica: a former primary's pg_rewind is refused and it never rejoins");
    }

    @Test
    void a_backup_sidecar_without_guaranteed_resources_is_caught() {
        assertThat(production(objects -> spec(find(objects, "ObjectStore", "annals-backups"))
                .remove("instanceSidecarConfiguration"))).containsExactly("ObjectStore annals-backups gives the"
                + " plugin's sidecar no resources with requests equal to limits: Cluster annals-db's pods are"
                + " Burstable, not Guaranteed");
    }

    @Test
    void a_stateful_autoscaler_that_removes_pods_together_is_caught() {
        assertThat(production(objects -> map(map(spec(find(objects, "HorizontalPodAutoscaler", "command-service")),
                "behavior"), "scaleDown").remove("policies"))).containsExactly("StatefulSet command-service's"
                + " autoscaler may remove several pods at once (no scaleDown policy of one pod per period): the"
                + " partitions they held, actives and standbys both, restore from nothing");
    }

    @Test
    void a_location_on_the_commands_host_is_caught() {
        assertThat(production(objects -> list(list(Rendered.pod(find(objects, "StatefulSet", "command-service")),
                "containers").get(0), "env").removeIf(env -> "ANNALS_GATEWAY_READ_BASE_URL".equals(env.get("name")))))
                .containsExactly("command-service answers 201 with a"
                + " Location on commands.annals.example.com, where nothing reads: ANNALS_GATEWAY_READ_BASE_URL must"
                + " be https://queries.annals.example.com (it is unset)");
    }

    @Test
    void a_single_instance_database_with_a_disruption_budget_is_caught() {
        List<Map<String, Object>> objects = copy(DEV);
        spec(find(objects, "Cluster", "annals-db")).remove("enablePDB");
        assertThat(ManifestPolicy.violations(objects, Environment.DEV)).containsExactly("Cluster annals-db runs one"
                + " instance with a PodDisruptionBudget (enablePDB): every node drain would block on it");
    }

    @Test
    void replicas_an_autoscaler_owns_are_caught() {
        assertThat(production(objects -> spec(find(objects, "Deployment", "query-service")).put("replicas", 2)))
                .containsExactly("Deployment query-service sets replicas, which its HorizontalPodAutoscaler owns:"
                        + " every apply would reset them");
    }

    @Test
    void an_ingress_that_cuts_or_buffers_live_streams_is_caught() {
        assertThat(production(objects -> map(find(objects, "Ingress", "annals-queries"), "metadata")
                .remove("annotations"))).containsExactly("Ingress annals-queries routes query-service's live"
                + " streams, but cuts them after a silence shorter than a token's life or buffers them");
    }

    @Test
    void a_grace_period_shorter_than_the_shutdown_is_caught() {
        assertThat(production(objects -> Rendered.pod(find(objects, "Deployment", "query-service"))
                .put("terminationGracePeriodSeconds", 20))).singleElement().asString()
                .startsWith("Deployment query-service is killed after 20 s, before its shutdown delay");
    }

    private static List<String> production(Consumer<List<Map<String, Object>>> change) {
        List<Map<String, Object>> objects = new ArrayList<>(copy(PRODUCTION));
        change.accept(objects);
        return ManifestPolicy.violations(objects, Environment.PRODUCTION);
    }

    private static Map<String, Object> listener(Map<String, Object> kafka) {
        return list(map(spec(kafka), "kafka"), "listeners").get(0);
    }

    private static Map<String, Object> securityContext(Map<String, Object> kafka) {
        return map(map(map(map(spec(kafka), "kafka"), "template"), "pod"), "securityContext");
    }

    private static Map<String, Object> parameters(Map<String, Object> cluster) {
        return map(map(spec(cluster), "postgresql"), "parameters");
    }

    private static List<Map<String, Object>> rules(Map<String, Object> policy) {
        return list(spec(policy), "egress");
    }

    private static Map<String, Object> to(Map<String, Object> policy) {
        return map(list(rules(policy).get(0), "to").get(0), "ipBlock");
    }

    private static List<Map<String, Object>> ports(Map<String, Object> policy) {
        return list(rules(policy).get(0), "ports");
    }

    private static Map<String, Object> data(Map<String, Object> configMap) {
        return map(configMap, "data");
    }

    private static Map<String, Object> spec(Map<String, Object> object) {
        return map(object, "spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> object, String key) {
        return (Map<String, Object>) object.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        return (List<Map<String, Object>>) object.get(key);
    }
}
