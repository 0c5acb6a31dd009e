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
 * security/kafka-acls.json}, packaged with devstack): {@code {type}} in a name stands for every aggregate type.
 *
 * @param users per user (a service), its ACLs as Kafka bindings
 */
public record KafkaAcls(Map<String, List<AclBinding>> users) {

    static final String RESOURCE = "kafka-acls.json";
    private static final String TYPE = "{type}";

    /** The repository's list, for these aggregate types. */
    public static KafkaAcls forTypes(Collection<String> aggregateTypes) {
        try (InputStream in = KafkaAcls.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not packaged with devstack");
            }
            return parse(new ObjectMapper().readTree(in), aggregateTypes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static KafkaAcls parse(JsonNode file, Collection<String> aggregateTypes) {
        Map<String, List<AclBinding>> users = new LinkedHashMap<>();
        file.path("users").properties().forEach(user -> {
            List<AclBinding> bindings = new ArrayList<>();
            for (JsonNode acl : user.getValue()) {
                ResourceType resource = ResourceType.fromString(acl.path("resource").asText());
                PatternType pattern = PatternType.fromString(acl.path("pattern").asText("LITERAL"));
                if (resource == ResourceType.UNKNOWN || pattern == PatternType.UNKNOWN) {
                    throw new IllegalArgumentException(RESOURCE + ": " + user.getKey() + " has an ACL with an unknown"
                            + " resource or pattern type: " + acl);
                }
                String name = acl.path("name").asText(resource == ResourceType.CLUSTER ? "kafka-cluster" : "");
                List<String> names = name.contains(TYPE)
                        ? aggregateTypes.stream().map(type -> name.replace(TYPE, type)).toList() : List.of(name);
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
        return new KafkaAcls(Map.copyOf(users));
    }
}
