package dev.annals.kafka;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The one Kafka client configuration of a service. Every client a service builds — producers, consumers, Admin
 * clients, Kafka Streams and so all of its clients — starts from the settings all of them share and puts its own
 * on top: {@code config("gateway-producer", Map.of(ACKS_CONFIG, "all", ...))}.
 *
 * <p>The shared settings are the service's {@code kafka.*} configuration, the form SmallRye's Kafka channels
 * take by default, so the channels and the hand-built clients read the same keys: {@code kafka.bootstrap.servers},
 * {@code kafka.security.protocol}, {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config},
 * {@code kafka.ssl.*}, and so on. {@code kafka.client.id} is not one client's id but the prefix of all of them
 * (default: the application name): each client is {@code <prefix>-<role>}, which is how a broker's quotas, ACL
 * logs and metrics tell them apart.
 */
public final class KafkaClients {

    /** Never shared: each consumer has a group of its own, and no other client takes one. */
    private static final Set<String> PER_CLIENT = Set.of("group.id", "client.id");

    private final Map<String, Object> shared;
    private final String clientIdPrefix;

    private KafkaClients(Map<String, Object> shared, String clientIdPrefix) {
        this.shared = shared;
        this.clientIdPrefix = clientIdPrefix;
    }

    /**
     * The clients of a service whose shared settings are {@code kafkaConfig} (the {@code kafka.*} keys without
     * their prefix), named after {@code defaultClientIdPrefix} unless those settings give a {@code client.id}.
     */
    public static KafkaClients of(Map<String, ?> kafkaConfig, String defaultClientIdPrefix) {
        Map<String, Object> shared = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (!PER_CLIENT.contains(key) && value != null && !value.toString().isBlank()) {
                shared.put(key, value);
            }
        });
        if (!shared.containsKey("bootstrap.servers")) {
            throw new IllegalStateException("kafka.bootstrap.servers is not configured: every Kafka client of the"
                    + " service needs it");
        }
        Object prefix = kafkaConfig.get("client.id");
        return new KafkaClients(Collections.unmodifiableMap(shared),
                prefix == null || prefix.toString().isBlank() ? defaultClientIdPrefix : prefix.toString().strip());
    }

    /**
     * The configuration of the client that plays {@code role} in the service: the shared settings, its client.id,
     * then {@code specific}, which wins over both.
     */
    public Map<String, Object> config(String role, Map<String, ?> specific) {
        Map<String, Object> config = new HashMap<>(shared);
        config.put("client.id", clientId(role));
        config.putAll(specific);
        return config;
    }

    /**
     * The same for Kafka Streams, whose top-level settings reach every client it makes (main, restore and global
     * consumers, producer, Admin); it names them after the client.id given here.
     */
    public Properties streams(String role, Map<String, ?> specific) {
        Properties properties = new Properties();
        properties.putAll(config(role, specific));
        return properties;
    }

    /** {@code <prefix>-<role>}. */
    public String clientId(String role) {
        return clientIdPrefix + "-" + role;
    }

    public String bootstrapServers() {
        return shared.get("bootstrap.servers").toString();
    }
}
