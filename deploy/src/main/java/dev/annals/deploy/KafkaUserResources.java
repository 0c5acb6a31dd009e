package dev.annals.deploy;

import dev.annals.devstack.kafka.KafkaAcls;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Strimzi {@code KafkaUser} resources, one per service, from the repository's one list of ACLs
 * ({@code security/kafka-acls.json}, read by devstack's {@link KafkaAcls} as the tests use it): the manifests and
 * devstack grant exactly the same rights. A service that needs none (query-service) gets no user.
 */
public final class KafkaUserResources {

    /** The Strimzi API these resources are written for (the pinned operator serves it). */
    static final String API_VERSION = "kafka.strimzi.io/v1";

    private KafkaUserResources() {
    }

    /**
     * @param cluster the {@code Kafka} resource's name, which each user is labelled with
     * @param which   the users to make, of those the file lists
     */
    public static List<Map<String, Object>> of(KafkaAcls acls, String cluster, Predicate<String> which) {
        List<Map<String, Object>> users = new ArrayList<>();
        // by name: the file must come out the same on every run
        new TreeMap<>(acls.users()).forEach((user, bindings) -> {
            if (!bindings.isEmpty() && which.test(user)) {
                users.add(user(user, bindings, cluster));
            }
        });
        return users;
    }

    private static Map<String, Object> user(String name, List<AclBinding> bindings, String cluster) {
        // one rule per resource, its operations in the file's order
        Map<ResourcePattern, List<String>> operations = new LinkedHashMap<>();
        for (AclBinding binding : bindings) {
            List<String> ofResource = operations.computeIfAbsent(binding.pattern(), pattern -> new ArrayList<>());
            String operation = operation(binding.entry().operation());
            if (!ofResource.contains(operation)) {
                ofResource.add(operation);
            }
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        operations.forEach((pattern, names) -> rules.add(ordered(
                "resource", resource(pattern),
                "operations", List.copyOf(names))));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("labels", ordered("strimzi.io/cluster", cluster));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("authentication", ordered("type", "scram-sha-512"));
        spec.put("authorization", ordered("type", "simple", "acls", rules));
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("apiVersion", API_VERSION);
        user.put("kind", "KafkaUser");
        user.put("metadata", metadata);
        user.put("spec", spec);
        return user;
    }

    /** A map in the order given: the file must come out the same on every run (Map.of's order is not). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> resource(ResourcePattern pattern) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", resourceType(pattern.resourceType()));
        if (pattern.resourceType() != ResourceType.CLUSTER) {
            resource.put("name", pattern.name());
            resource.put("patternType", pattern.patternType() == PatternType.PREFIXED ? "prefix" : "literal");
        }
        return resource;
    }

    private static String resourceType(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case CLUSTER -> "cluster";
            case TRANSACTIONAL_ID -> "transactionalId";
            default -> throw new IllegalArgumentException("Strimzi's KafkaUser has no ACLs on " + type);
        };
    }

    /** Kafka's {@code DESCRIBE_CONFIGS} is Strimzi's {@code DescribeConfigs}. */
    private static String operation(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }
}
