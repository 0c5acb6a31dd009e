package dev.annals.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static dev.annals.deploy.ManifestFields.list;
import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.deploy.ManifestFields.name;

/** The rendered objects of one overlay, and the lookups into them that the policy's rules share. */
record Rendered(List<Map<String, Object>> objects) {

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    /** The objects that run pods of the services: Deployments, and StatefulSets (command-service's). */
    List<Map<String, Object>> workloads() {
        return objects.stream().filter(object -> WORKLOADS.contains(String.valueOf(object.get("kind")))).toList();
    }

    static final List<String> WORKLOADS = List.of("Deployment", "StatefulSet");

    /** "Deployment query-service", "StatefulSet command-service": how a violation names a workload. */
    static String named(Map<String, Object> workload) {
        return workload.get("kind") + " " + name(workload);
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(object -> name.equals(name(object))).findFirst();
    }

    /** The pod template's spec of a Deployment. */
    static Map<String, Object> pod(Map<String, Object> deployment) {
        return map(map(map(deployment, "spec"), "template"), "spec");
    }

    /** The labels of a Deployment's pods. */
    static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
    }

    /** The properties file a Deployment's pod reads as its application.properties (its config ConfigMap). */
    Properties configOf(Map<String, Object> deployment) {
        Properties properties = new Properties();
        for (Map<String, Object> volume : list(pod(deployment), "volumes")) {
            String configMap = String.valueOf(map(volume, "configMap").get("name"));
            find("ConfigMap", configMap).map(found -> map(found, "data").get("application.properties"))
                    .ifPresent(text -> {
                        try {
                            properties.load(new StringReader(String.valueOf(text)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return properties;
    }

    /** What a workload's service runs with: its image's own settings ({@code builtIn}), under its ConfigMap's. */
    Properties settingsOf(Map<String, Object> workload, java.util.function.Function<String, Properties> builtIn) {
        Properties settings = new Properties();
        settings.putAll(builtIn.apply(name(workload)));
        settings.putAll(configOf(workload));
        return settings;
    }

    /** The value of environment variable {@code name} the Deployment's first container sets, if it sets one. */
    static Optional<String> env(Map<String, Object> deployment, String name) {
        return list(list(pod(deployment), "containers").get(0), "env").stream()
                .filter(variable -> name.equals(variable.get("name")) && variable.containsKey("value"))
                .map(variable -> String.valueOf(variable.get("value"))).findFirst();
    }


    static int integer(Object value, int otherwise) {
        return value instanceof Number number ? number.intValue()
                : value == null ? otherwise : Integer.parseInt(String.valueOf(value).strip());
    }

    /** A Quarkus duration setting ("20s", "PT20S", "500ms"). */
    static Duration duration(String value) {
        String text = value.strip();
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        if (text.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.matches("\\d+[smhd]")) {
            return Duration.parse((text.endsWith("d") ? "P" : "PT") + text.toUpperCase());
        }
        return Duration.parse(text);
    }



}
