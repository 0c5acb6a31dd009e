package dev.annals.system.manifests;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the rendered objects of an overlay: by kind and name, and their parts. */
final class Rendered {

    private Rendered() {
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    static String name(Map<String, Object> object) {
        return String.valueOf(map(object, "metadata").get("name"));
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

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    static List<String> strings(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
