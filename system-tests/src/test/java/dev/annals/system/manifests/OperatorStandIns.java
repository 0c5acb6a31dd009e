package dev.annals.system.manifests;

import dev.annals.devstack.Devstack;
import dev.annals.devstack.kafka.KafkaAcls;
import dev.annals.devstack.kafka.KafkaUsers;
import dev.annals.devstack.postgres.DatabaseSetup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.annals.deploy.ManifestFields.list;
import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.deploy.ManifestFields.name;
import static dev.annals.system.manifests.Rendered.ofKind;
import static dev.annals.system.manifests.Rendered.secretData;
import static dev.annals.system.manifests.Rendered.strings;

/**
 * What Strimzi's and CloudNativePG's operators do with an overlay's resources, done on devstack's servers instead
 * of a cluster's: each KafkaUser becomes a SCRAM user with exactly its ACLs and a Secret with its login; each
 * KafkaTopic a topic; the Cluster its database, owner, bootstrap SQL and managed roles, and the owner's Secret;
 * each Database a database of its owner.
 * Nothing comes from the repository's own lists (the ACL file, DatabaseSetup): only from the manifests.
 */
final class OperatorStandIns {

    private OperatorStandIns() {
    }

    /**
     * Applies the overlay's operator resources and returns every Secret a pod may read: the overlay's own and the
     * ones the operators would make.
     */
    static Map<String, Map<String, String>> apply(Devstack devstack, List<Map<String, Object>> objects)
            throws Exception {
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        for (Map<String, Object> secret : ofKind(objects, "Secret")) {
            secrets.put(name(secret), secretData(secret));
        }
        secrets.putAll(kafkaUsers(devstack, objects));
        kafkaTopics(devstack, objects);
        secrets.putAll(postgres(devstack, objects, secrets));
        return secrets;
    }

    /** Strimzi's User Operator: SCRAM-SHA-512 users with simple authorization, and a Secret per user. */
    private static Map<String, Map<String, String>> kafkaUsers(Devstack devstack, List<Map<String, Object>> objects) {
        Map<String, List<AclBinding>> users = new LinkedHashMap<>();
        for (Map<String, Object> user : ofKind(objects, "KafkaUser")) {
            Map<String, Object> spec = map(user, "spec");
            if (!"scram-sha-512".equals(map(spec, "authentication").get("type"))
                    || !"simple".equals(map(spec, "authorization").get("type"))) {
                throw new IllegalStateException("KafkaUser " + name(user) + " is not scram-sha-512 with simple"
                        + " authorization, which is all this stand-in does");
            }
            List<AclBinding> bindings = new ArrayList<>();
            for (Map<String, Object> acl : list(map(spec, "authorization"), "acls")) {
                Map<String, Object> resource = map(acl, "resource");
                ResourcePattern pattern = new ResourcePattern(resourceType(String.valueOf(resource.get("type"))),
                        String.valueOf(resource.getOrDefault("name", "kafka-cluster")),
                        "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED : PatternType.LITERAL);
                AclPermissionType permission = "deny".equals(acl.get("type"))
                        ? AclPermissionType.DENY : AclPermissionType.ALLOW;
                for (String operation : strings(acl, "operations")) {
                    bindings.add(new AclBinding(pattern, new AccessControlEntry("User:" + name(user),
                            String.valueOf(acl.getOrDefault("host", "*")), operation(operation), permission)));
                }
            }
            users.put(name(user), bindings);
        }
        String scram = devstack.kafkaCluster().scramBootstrapServers().orElseThrow(() ->
                new IllegalStateException("devstack runs no SCRAM listener"));
        KafkaUsers created = KafkaUsers.create(devstack.kafkaCluster().bootstrapServers(), scram, new KafkaAcls(users,
                Map.of()));
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        created.credentials().forEach((user, login) -> secrets.put(user, Map.of(
                "password", login.password(),
                "sasl.jaas.config", KafkaUsers.clientConfig(scram, login).get("sasl.jaas.config"))));
        return secrets;
    }

    private static ResourceType resourceType(String strimzi) {
        return switch (strimzi) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "cluster" -> ResourceType.CLUSTER;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            default -> throw new IllegalArgumentException("unknown KafkaUser resource type " + strimzi);
        };
    }

    /** Strimzi's operation names (DescribeConfigs) as Kafka's (DESCRIBE_CONFIGS). */
    private static AclOperation operation(String strimzi) {
        return AclOperation.valueOf(strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }

    /** Strimzi's Topic Operator: each KafkaTopic as a topic with its partitions, replicas and configuration. */
    private static void kafkaTopics(Devstack devstack, List<Map<String, Object>> objects) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (Map<String, Object> topic : ofKind(objects, "KafkaTopic")) {
            Map<String, Object> spec = map(topic, "spec");
            Map<String, String> config = new LinkedHashMap<>();
            map(spec, "config").forEach((key, value) -> config.put(key, String.valueOf(value)));
            topics.add(new NewTopic(String.valueOf(spec.getOrDefault("topicName", name(topic))),
                    ((Number) spec.get("partitions")).intValue(), ((Number) spec.get("replicas")).shortValue())
                    .configs(config));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                devstack.kafkaCluster().bootstrapServers()))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * CloudNativePG: a fresh database of initdb's name, owned by its owner with a random password (the Secret
     * {@code <cluster>-app}), postInitApplicationSQL run in it as the superuser, then each managed role given its
     * login and the password of its passwordSecret — on a server where devstack's own roles and database are first
     * dropped, so that only the manifest's grants count.
     */
    private static Map<String, Map<String, String>> postgres(Devstack devstack, List<Map<String, Object>> objects,
                                                             Map<String, Map<String, String>> secrets)
            throws SQLException {
        List<Map<String, Object>> clusters = ofKind(objects, "Cluster");
        if (clusters.size() != 1) {
            throw new IllegalStateException("expected one CloudNativePG Cluster, found " + clusters.size());
        }
        Map<String, Object> cluster = clusters.get(0);
        Map<String, Object> initdb = map(map(map(cluster, "spec"), "bootstrap"), "initdb");
        String database = String.valueOf(initdb.get("database"));
        String owner = String.valueOf(initdb.get("owner"));
        String password = randomPassword();
        String host = devstack.postgres().host();
        int port = devstack.postgres().port();
        try (Connection admin = DatabaseSetup.connect(host, port, "postgres", DatabaseSetup.SUPERUSER);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DatabaseSetup.DATABASE + " WITH (FORCE)");
            statement.execute("DROP DATABASE IF EXISTS " + DatabaseSetup.PAYMENTS_DATABASE + " WITH (FORCE)");
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            for (String role : List.of(DatabaseSetup.PROJECTOR.username(), DatabaseSetup.READER.username(),
                    DatabaseSetup.PAYMENTS.username(), DatabaseSetup.OWNER.username(), owner)) {
                statement.execute("DROP ROLE IF EXISTS " + role);
            }
            statement.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE " + database + " OWNER " + owner + " ENCODING '"
                    + initdb.getOrDefault("encoding", "UTF8") + "'");
        }
        try (Connection db = DatabaseSetup.connect(host, port, database, DatabaseSetup.SUPERUSER);
             Statement statement = db.createStatement()) {
            for (String sql : strings(initdb, "postInitApplicationSQL")) {
                statement.execute(sql);
            }
            for (Map<String, Object> role : list(map(map(cluster, "spec"), "managed"), "roles")) {
                String roleName = String.valueOf(role.get("name"));
                String login = Boolean.TRUE.equals(role.get("login")) ? "LOGIN" : "NOLOGIN";
                Map<String, Object> passwordSecret = map(role, "passwordSecret");
                String rolePassword = "";
                if (!passwordSecret.isEmpty()) {
                    Map<String, String> secret = secrets.get(String.valueOf(passwordSecret.get("name")));
                    if (secret == null) {
                        throw new IllegalStateException("managed role " + roleName + " names Secret "
                                + passwordSecret.get("name") + ", which the overlay does not have");
                    }
                    if (!roleName.equals(secret.get("username"))) {
                        throw new IllegalStateException("Secret " + passwordSecret.get("name") + " is for "
                                + secret.get("username") + ", not for role " + roleName);
                    }
                    rolePassword = " PASSWORD '" + secret.get("password") + "'";
                }
                statement.execute((DatabaseSetup.exists(db, "SELECT 1 FROM pg_roles WHERE rolname = ?", roleName)
                        ? "ALTER" : "CREATE") + " ROLE " + roleName + " " + login
                        + rolePassword);
            }
        }
        // the Database resources: made once their owner (a managed role) exists, as the operator reconciles them
        try (Connection admin = DatabaseSetup.connect(host, port, "postgres", DatabaseSetup.SUPERUSER);
             Statement statement = admin.createStatement()) {
            for (Map<String, Object> resource : ofKind(objects, "Database")) {
                Map<String, Object> spec = map(resource, "spec");
                if (!name(cluster).equals(map(spec, "cluster").get("name"))) {
                    throw new IllegalStateException("Database " + name(resource) + " is for another cluster");
                }
                statement.execute("CREATE DATABASE " + spec.get("name") + " OWNER " + spec.get("owner"));
            }
        }
        return Map.of(name(cluster) + "-app", Map.of("username", owner, "password", password,
                "dbname", database));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
