package dev.annals.devstack;

import dev.annals.devstack.auth.TokenIssuer;
import dev.annals.devstack.kafka.KafkaUsers;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the services find Kafka and PostgreSQL, as whom they log in, and whose tokens they trust.
 *
 * @param kafkaBootstrapServers {@code host:port} of the brokers, comma-separated
 * @param kafkaBrokers          how many brokers the cluster has: what the topics' replication can be
 * @param owner                 the role that owns the database: the migration role (projection-service's
 *                              migrations and rebuilds)
 * @param projector             the runtime role of projection-service's batches: rows only, no DDL
 * @param reader                the SELECT-only role (query-service)
 * @param tokens                devstack's identity provider: the services trust its tokens
 * @param kafkaUsers            the services' own Kafka users on the SCRAM listener, if devstack started one;
 *                              {@code kafkaBootstrapServers} stays devstack's own listener, the super user's
 */
public record Endpoints(String kafkaBootstrapServers, int kafkaBrokers, String postgresHost, int postgresPort,
                        String database, Credentials owner, Credentials projector, Credentials reader,
                        TokenIssuer tokens, Optional<KafkaUsers> kafkaUsers) {

    private static final String PREFIX = "annals.devstack.endpoints.";
    private static final String KAFKA_USER = PREFIX + "kafka-user.";

    /** {@code jdbc:postgresql://127.0.0.1:54320/annals} */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    /** {@code postgresql://127.0.0.1:54320/annals}, for the reactive PG client. */
    public String reactiveUrl() {
        return "postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    /** Quarkus configuration for a service that logs in as {@code login}. */
    public Map<String, String> quarkusConfig(Credentials login) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        config.put("quarkus.datasource.jdbc.url", jdbcUrl());
        config.put("quarkus.datasource.reactive.url", reactiveUrl());
        config.put("quarkus.datasource.username", login.username());
        config.put("quarkus.datasource.password", login.password());
        return config;
    }

    /**
     * What a consumer service of one's own needs to run beside the demo (docs/consumer-services.md): this
     * devstack's own Kafka listener (no login: loopback only), database {@code annals} as its owner (the demo's
     * logins, never elsewhere), the token issuer, and as many replicas of the topics it makes as the broker allows.
     */
    public Map<String, String> consumerServiceConfig() {
        Map<String, String> config = new LinkedHashMap<>(quarkusConfig(owner));
        config.putAll(tokens.quarkusConfig());
        String replicas = Integer.toString(replicationFactor());
        String minInsync = Integer.toString(minInsyncReplicas());
        config.put("annals.consumer.dead-letter-replication-factor", replicas);
        config.put("annals.consumer.dead-letter-min-insync-replicas", minInsync);
        config.put("annals.reactor.reply-replication-factor", replicas);
        config.put("annals.reactor.reply-min-insync-replicas", minInsync);
        return config;
    }

    /**
     * Quarkus configuration for a service with a database of its own on this PostgreSQL and one login, its owner,
     * as payment-service runs: its migrations (JDBC) and its batches (reactive) as that login.
     */
    public Map<String, String> ownDatabaseConfig(String ownDatabase, Credentials login) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/"
                + ownDatabase);
        config.put("quarkus.datasource.reactive.url", "postgresql://" + postgresHost + ":" + postgresPort + "/"
                + ownDatabase);
        config.put("quarkus.datasource.username", login.username());
        config.put("quarkus.datasource.password", login.password());
        return config;
    }

    /**
     * Quarkus configuration for a consumer service with two logins, as projection-service runs: the batches (the
     * default datasource, reactive) as the runtime role, the migrations and rebuilds (datasource {@code migration},
     * JDBC) as the owner.
     */
    public Map<String, String> projectionConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        config.put("quarkus.datasource.reactive.url", reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", jdbcUrl());
        config.put("quarkus.datasource.username", projector.username());
        config.put("quarkus.datasource.password", projector.password());
        config.put("quarkus.datasource.migration.jdbc.url", jdbcUrl());
        config.put("quarkus.datasource.migration.username", owner.username());
        config.put("quarkus.datasource.migration.password", owner.password());
        return config;
    }

    /**
     * The shared Kafka client settings ({@code kafka.*}) of a service: the SCRAM listener and the login of the
     * service's own user if devstack created the users, else devstack's own listener, where no one logs in.
     */
    public Map<String, String> kafkaConfig(String user) {
        Map<String, String> config = new LinkedHashMap<>();
        kafkaUsers.ifPresentOrElse(
                users -> users.clientConfig(user).forEach((key, value) -> config.put("kafka." + key, value)),
                () -> config.put("kafka.bootstrap.servers", kafkaBootstrapServers));
        return config;
    }

    /**
     * How many replicas each topic can have here, and how many must have a write: 3 and 2 on a cluster of three
     * brokers or more, as in production; 1 and 1 on devstack's single broker.
     */
    public int replicationFactor() {
        return Math.min(3, kafkaBrokers);
    }

    public int minInsyncReplicas() {
        return replicationFactor() >= 3 ? 2 : 1;
    }

    /** The endpoints as string properties, to hand them to code that shares no classes with ours. */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + "kafka", kafkaBootstrapServers);
        properties.put(PREFIX + "kafka-brokers", Integer.toString(kafkaBrokers));
        properties.put(PREFIX + "postgres-host", postgresHost);
        properties.put(PREFIX + "postgres-port", Integer.toString(postgresPort));
        properties.put(PREFIX + "database", database);
        properties.put(PREFIX + "owner", owner.username());
        properties.put(PREFIX + "owner-password", owner.password());
        properties.put(PREFIX + "projector", projector.username());
        properties.put(PREFIX + "projector-password", projector.password());
        properties.put(PREFIX + "reader", reader.username());
        properties.put(PREFIX + "reader-password", reader.password());
        properties.put(PREFIX + "tokens", tokens.directory().toString());
        kafkaUsers.ifPresent(users -> {
            properties.put(PREFIX + "kafka-scram", users.bootstrapServers());
            users.credentials().forEach((user, login) -> properties.put(KAFKA_USER + user, login.password()));
        });
        return properties;
    }

    /** The endpoints {@link #toProperties()} wrote, or null if they are not there. */
    public static Endpoints fromProperties(Properties properties) {
        String kafka = properties.getProperty(PREFIX + "kafka");
        if (kafka == null) {
            return null;
        }
        return new Endpoints(kafka,
                Integer.parseInt(properties.getProperty(PREFIX + "kafka-brokers", "1")),
                properties.getProperty(PREFIX + "postgres-host"),
                Integer.parseInt(properties.getProperty(PREFIX + "postgres-port")),
                properties.getProperty(PREFIX + "database"),
                new Credentials(properties.getProperty(PREFIX + "owner"), properties.getProperty(PREFIX + "owner-password")),
                new Credentials(properties.getProperty(PREFIX + "projector"),
                        properties.getProperty(PREFIX + "projector-password")),
                new Credentials(properties.getProperty(PREFIX + "reader"), properties.getProperty(PREFIX + "reader-password")),
                new TokenIssuer(TokenIssuer.ISSUER, TokenIssuer.AUDIENCE, Path.of(properties.getProperty(PREFIX + "tokens"))),
                Optional.ofNullable(properties.getProperty(PREFIX + "kafka-scram")).map(scram -> {
                    Map<String, Credentials> users = new LinkedHashMap<>();
                    properties.stringPropertyNames().stream().filter(name -> name.startsWith(KAFKA_USER))
                            .forEach(name -> users.put(name.substring(KAFKA_USER.length()), new Credentials(
                                    name.substring(KAFKA_USER.length()), properties.getProperty(name))));
                    return KafkaUsers.of(scram, users);
                }));
    }
}
