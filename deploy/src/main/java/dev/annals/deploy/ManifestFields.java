package dev.annals.deploy;

import java.util.List;
import java.util.Map;

/**
 * Reading a rendered object (YAML as maps and lists) without a cast at every step: a field that is missing, or not
 * of the kind asked for, reads as empty, so that a rule asks about what is there and names what is not.
 */
public final class ManifestFields {

    private ManifestFields() {
    }

    /** The object at {@code key}, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The list of objects at {@code key}, or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        Object value = object.get(key);
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** {@code value} as a list of strings, or an empty list when it is none. */
    public static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** The object's {@code metadata.name}. */
    public static String name(Map<String, Object> object) {
        return String.valueOf(map(object, "metadata").get("name"));
    }
}
