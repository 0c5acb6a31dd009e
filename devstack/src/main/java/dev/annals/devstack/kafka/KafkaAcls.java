package dev.annals.devstack.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services' Kafka users and the ACLs each needs, from the repository's one list ({@code
 * security/kafka-acls.json}, packaged with devstack): {@code {type}} in a name stands for every aggregate type,
 * {@code {consumer}} for each consumer (projection, reactor) of the user's service, as the file lists them; an ACL
 * with {@code when} is granted only where that setting of the service is on.
 *
 * @param users     per user (a service), its ACLs as Kafka bindings
 * @param consumers per user, the consumers its service runs, each with a dead-letter topic of its own
 */
public record KafkaAcls(Map<String, List<AclBinding>> users, Map<String, List<String>> consumers) {

    static final String RESOURCE = "kafka-acls.json";
    private static final String TYPE = "{type}";
    private static final String CONSUMER = "{consumer}";

    /** Whether a service's setting (a boolean, such as {@code annals.topics.create}) is on where it runs. */
    @FunctionalInterface
    public interface Settings {
        boolean isOn(String service, String key);

        /** devstack's: every service runs with the defaults, which create their own topics. */
        Settings DEFAULTS = (service, key) -> true;
    }

    /** The repository's list, for these aggregate types, as devstack's services run (every "when" on). */
    public static KafkaAcls forTypes(Collection<String> aggregateTypes) {
        return forTypes(aggregateTypes, Settings.DEFAULTS);
    }

    /** The repository's list, for these aggregate types, where the services run with {@code settings}. */
    public static KafkaAcls forTypes(Collection<String> aggregateTypes, Settings settings) {
        try (InputStream in = KafkaAcls.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not packaged with devstack");
            }
            return parse(new ObjectMapper().readTree(in), aggregateTypes, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static KafkaAcls parse(JsonNode file, Collection<String> aggregateTypes) {
        return parse(file, aggregateTypes, Settings.DEFAULTS);
    }

    static KafkaAcls parse(JsonNode file, Collection<String> aggregateTypes, Settings settings) {
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        file.path("consumers").properties().forEach(user -> {
            List<String> names = new ArrayList<>();
            user.getValue().forEach(name -> names.add(name.asText()));
            consumers.put(user.getKey(), List.copyOf(names));
        });
        Map<String, List<AclBinding>> users = new LinkedHashMap<>();
        file.path("users").properties().forEach(user -> {
            List<AclBinding> bindings = new ArrayList<>();
            for (JsonNode acl : user.getValue()) {
                if (acl.has("when") && !settings.isOn(user.getKey(), acl.path("when").asText())) {
                    continue;
                }
                ResourceType resource = ResourceType.fromString(acl.path("resource").asText());
                PatternType pattern = PatternType.fromString(acl.path("pattern").asText("LITERAL"));
                if (resource == ResourceType.UNKNOWN || pattern == PatternType.UNKNOWN) {
                    throw new IllegalArgumentException(RESOURCE + ": " + user.getKey() + " has an ACL with an unknown"
                            + " resource or pattern type: " + acl);
                }
                String name = acl.path("name").asText(resource == ResourceType.CLUSTER ? "kafka-cluster" : "");
                List<String> names = expand(List.of(name), TYPE, List.copyOf(aggregateTypes));
                if (name.contains(CONSUMER) && !consumers.containsKey(user.getKey())) {
                    throw new IllegalArgumentException(RESOURCE + ": " + user.getKey() + " names " + CONSUMER
                            + " but lists no consumers");
                }
                names = expand(names, CONSUMER, consumers.getOrDefault(user.getKey(), List.of()));
                for (JsonNode operationName : acl.path("operations")) {
                    AclOperation operation = AclOperation.fromString(operationName.asText());
                    if (operation == AclOperation.UNKNOWN) {
                        throw new IllegalArgumentException(RESOURCE + ": " + user.getKey() + " has an unknown"
                                + " operation " + operationName);
                    }
                    for (String each : names) {
                        bindings.add(new AclBinding(new ResourcePattern(resource, each, pattern),
                                new AccessControlEntry("User:" + user.getKey(), "*", operation,
                                        AclPermissionType.ALLOW)));
                    }
                }
            }
            users.put(user.getKey(), List.copyOf(bindings));
        });
        return new KafkaAcls(Map.copyOf(users), Map.copyOf(consumers));
    }

    /** Each name with {@code placeholder} once per value, the others as they are. */
    private static List<String> expand(List<String> names, String placeholder, List<String> values) {
        List<String> expanded = new ArrayList<>();
        for (String name : names) {
            if (name.contains(placeholder)) {
                values.forEach(value -> expanded.add(name.replace(placeholder, value)));
            } else {
                expanded.add(name);
            }
        }
        return expanded;
    }
}
