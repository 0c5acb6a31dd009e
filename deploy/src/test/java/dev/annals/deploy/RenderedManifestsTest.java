package dev.annals.deploy;

import com.networknt.schema.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every overlay renders, and every object it renders validates, strictly: Strimzi's against the CRDs of the
 * pinned operator (CrdSchemas), everything else against the Kubernetes API and CloudNativePG's and Prometheus
 * Operator's CRDs (KubernetesSchemas). No object is left unchecked.
 */
class RenderedManifestsTest {

    private static final Map<String, Schema> STRIMZI = Map.of(
            "Kafka", CrdSchemas.of("crds/v1/040-Crd-kafka.yaml", "v1"),
            "KafkaTopic", CrdSchemas.of("crds/v1/043-Crd-kafkatopic.yaml", "v1"),
            "KafkaUser", CrdSchemas.of("crds/v1/044-Crd-kafkauser.yaml", "v1"),
            "KafkaNodePool", CrdSchemas.of("crds/v1/045-Crd-kafkanodepool.yaml", "v1"));

    static final List<String> OVERLAYS = RenderedOverlays.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_object_of_the_overlay_is_valid(String overlay) {
        List<Map<String, Object>> objects = RenderedOverlays.render(overlay);
        assertThat(objects).extracting(object -> object.get("kind"))
                .contains("Kafka", "KafkaNodePool", "KafkaUser", "KafkaTopic", "Cluster", "Deployment",
                        "NetworkPolicy", "Namespace");
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> others = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            if (String.valueOf(object.get("apiVersion")).startsWith("kafka.strimzi.io/")) {
                Schema schema = STRIMZI.get(String.valueOf(object.get("kind")));
                if (schema == null || !"kafka.strimzi.io/v1".equals(object.get("apiVersion"))) {
                    problems.add(describe(object) + ": no Strimzi 0.49.1 v1 schema checked here");
                } else {
                    CrdSchemas.problems(schema, object).forEach(problem -> problems.add(describe(object) + problem));
                }
            } else {
                others.add(object);
            }
        }
        for (KubernetesSchemas.Result result : KubernetesSchemas.validate(others)) {
            if (!result.validated()) {
                problems.add(result.kind() + " " + result.name() + ": no schema of its API group is checked");
            }
            result.errors().forEach(error -> problems.add(result.kind() + " " + result.name() + " " + error));
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @Test
    void a_misspelt_field_a_wrong_type_a_missing_required_field_and_a_value_outside_an_enum_each_fail() {
        List<Map<String, Object>> objects = RenderedOverlays.render("overlays/dev");
        Map<String, Object> deployment = copy(find(objects, "Deployment", "query-service"));
        Map<String, Object> container = container(deployment);
        container.put("readinesProbe", container.remove("readinessProbe"));
        Map<String, Object> cluster = copy(find(objects, "Cluster", "annals-db"));
        spec(cluster).put("instances", "three");
        Map<String, Object> service = copy(find(objects, "Service", "command-service"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ports = (List<Map<String, Object>>) spec(service).get("ports");
        ports.get(0).remove("port");
        Map<String, Object> policy = copy(find(objects, "NetworkPolicy", "default-deny"));
        spec(policy).put("policyTypes", List.of("Ingres"));

        List<KubernetesSchemas.Result> results = KubernetesSchemas.validate(
                List.of(deployment, cluster, service, policy));
        assertThat(results.get(0).errors()).anySatisfy(error -> assertThat(error)
                .contains("containers/0/readinesProbe").contains("unknown field"));
        assertThat(results.get(1).errors()).anySatisfy(error -> assertThat(error)
                .contains("/spec/instances").contains("type"));
        assertThat(results.get(2).errors()).anySatisfy(error -> assertThat(error)
                .contains("/spec/ports/0").contains("required").contains("port"));
        assertThat(results.get(3).errors()).anySatisfy(error -> assertThat(error)
                .contains("/spec/policyTypes/0").contains("enum"));
    }

    @Test
    void a_misspelt_field_of_a_rendered_strimzi_resource_fails() {
        Map<String, Object> kafka = copy(find(RenderedOverlays.render("overlays/production"), "Kafka", "annals"));
        @SuppressWarnings("unchecked")
        Map<String, Object> broker = (Map<String, Object>) spec(kafka).get("kafka");
        broker.put("listner", broker.remove("listeners"));
        assertThat(CrdSchemas.problems(STRIMZI.get("Kafka"), kafka))
                .anySatisfy(problem -> assertThat(problem).contains("listner"))
                .anySatisfy(problem -> assertThat(problem).contains("listeners"));
    }

    static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(object -> kind.equals(object.get("kind")) && name.equals(name(object)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    static String name(Map<String, Object> object) {
        return String.valueOf(((Map<String, Object>) object.getOrDefault("metadata", Map.of())).get("name"));
    }

    private static String describe(Map<String, Object> object) {
        return object.get("kind") + " " + name(object) + " ";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(Map<String, Object> object) {
        return (Map<String, Object>) object.get("spec");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Map<String, Object> deployment) {
        Map<String, Object> template = (Map<String, Object>) spec(deployment).get("template");
        return ((List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers")).get(0);
    }

    /** A deep, mutable copy. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put((String) key, copy(item)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(copy(item)));
            return (T) copy;
        }
        return value;
    }
}
