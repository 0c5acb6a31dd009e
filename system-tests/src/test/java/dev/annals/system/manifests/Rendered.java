package dev.annals.system.manifests;

import dev.annals.deploy.ManifestFields;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.annals.deploy.ManifestFields.map;

/** Reading the rendered objects of an overlay: by kind and name, and their parts. */
final class Rendered {

    private Rendered() {
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    /** A Secret's keys and values, decoded. */
    static Map<String, String> secretData(Map<String, Object> secret) {
        Map<String, String> data = new LinkedHashMap<>();
        map(secret, "data").forEach((key, value) -> data.put(key,
                new String(Base64.getDecoder().decode(String.valueOf(value)), StandardCharsets.UTF_8)));
        map(secret, "stringData").forEach((key, value) -> data.put(key, String.valueOf(value)));
        return data;
    }

    static Map<String, String> configMapData(Map<String, Object> configMap) {
        Map<String, String> data = new LinkedHashMap<>();
        map(configMap, "data").forEach((key, value) -> data.put(key, String.valueOf(value)));
        return data;
    }

    static List<String> strings(Map<String, Object> object, String key) {
        return ManifestFields.strings(object.get(key));
    }
}
