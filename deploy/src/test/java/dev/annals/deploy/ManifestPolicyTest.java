package dev.annals.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.annals.deploy.RenderedManifestsTest.container;
import static dev.annals.deploy.RenderedManifestsTest.copy;
import static dev.annals.deploy.RenderedManifestsTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay holds the rules of {@link ManifestPolicy}, and breaking any one of them is caught. */
class ManifestPolicyTest {

    static final List<String> OVERLAYS = RenderedOverlays.OVERLAYS;

    private static final List<Map<String, Object>> PRODUCTION = RenderedOverlays.render("overlays/production");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void the_overlay_holds_every_rule(String overlay) {
        assertThat(ManifestPolicy.violations(RenderedOverlays.render(overlay), Environment.of(overlay))).as(overlay).isEmpty();
    }

    @Test
    void a_container_without_a_probe_is_caught() {
        assertThat(broken("query-service", container -> container.remove("livenessProbe")))
                .containsExactly("Deployment query-service container query-service has no livenessProbe on"
                        + " /q/health/*");
    }

    @Test
    void a_container_without_limits_is_caught() {
        assertThat(broken("query-service", container -> map(container, "resources").remove("limits")))
                .contains("Deployment query-service container query-service has no memory in resources.limits");
    }

    @Test
    void a_writable_root_filesystem_and_kept_capabilities_are_caught() {
        assertThat(broken("command-service", container -> {
            map(container, "securityContext").put("readOnlyRootFilesystem", false);
            map(container, "securityContext").remove("capabilities");
        })).containsExactlyInAnyOrder(
                "StatefulSet command-service container command-service has a writable root filesystem",
                "StatefulSet command-service container command-service does not drop all capabilities");
    }

    @Test
    void the_latest_tag_and_no_tag_are_caught() {
        assertThat(broken("query-service", container -> container.put("image", "registry.example.com/q:latest")))
                .containsExactly("Deployment query-service container query-service runs image"
                        + " registry.example.com/q:latest, which names no tag or the tag latest");
        assertThat(broken("query-service", container -> container.put("image", "localhost:5000/annals/q")))
                .hasSize(1);
    }

    @Test
    void two_replicas_without_a_disruption_budget_are_caught() {
        List<Map<String, Object>> objects = new ArrayList<>(copy(PRODUCTION));
        objects.removeIf(object -> "PodDisruptionBudget".equals(object.get("kind"))
                && "projection-service".equals(RenderedManifestsTest.name(object)));
        assertThat(ManifestPolicy.violations(objects, Environment.PRODUCTION)).containsExactly(
                "Deployment projection-service runs 2 replicas and no PodDisruptionBudget selects its pods");
    }

    @Test
    void a_disruption_budget_that_protects_unhealthy_pods_is_caught() {
        List<Map<String, Object>> objects = copy(PRODUCTION);
        objects.stream().filter(object -> "PodDisruptionBudget".equals(object.get("kind"))
                        && "query-service".equals(RenderedManifestsTest.name(object)))
                .forEach(budget -> RenderedManifestsTest.spec(budget).remove("unhealthyPodEvictionPolicy"));
        assertThat(ManifestPolicy.violations(objects, Environment.PRODUCTION)).containsExactly(
                "PodDisruptionBudget query-service does not set unhealthyPodEvictionPolicy: AlwaysAllow: a pod"
                        + " that never becomes ready would block every node drain");
    }

    @Test
    void a_missing_default_deny_is_caught() {
        List<Map<String, Object>> objects = new ArrayList<>(copy(PRODUCTION));
        objects.removeIf(object -> "default-deny".equals(RenderedManifestsTest.name(object)));
        assertThat(ManifestPolicy.violations(objects, Environment.PRODUCTION))
                .containsExactly("no NetworkPolicy denies all ingress and egress of every pod by default");
    }

    @Test
    void a_secret_nobody_makes_is_caught() {
        List<Map<String, Object>> objects = new ArrayList<>(copy(PRODUCTION));
        objects.removeIf(object -> "KafkaUser".equals(object.get("kind"))
                && "projection-service".equals(RenderedManifestsTest.name(object)));
        assertThat(ManifestPolicy.violations(objects, Environment.PRODUCTION)).containsExactly("Deployment projection-service uses"
                + " Secret/projection-service, which is neither in the overlay nor made by an operator from a"
                + " resource in it");
    }

    private static List<String> broken(String deployment, Consumer<Map<String, Object>> change) {
        List<Map<String, Object>> objects = copy(PRODUCTION);
        change.accept(container(new Rendered(objects).workloads().stream()
                .filter(workload -> deployment.equals(ManifestFields.name(workload))).findFirst().orElseThrow()));
        return ManifestPolicy.violations(objects, Environment.PRODUCTION);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> object, String key) {
        return (Map<String, Object>) object.get(key);
    }
}
