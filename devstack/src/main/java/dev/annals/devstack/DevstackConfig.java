package dev.annals.devstack;

import dev.annals.devstack.kafka.KafkaBroker;
import dev.annals.devstack.postgres.PostgresBinaries;
import dev.annals.devstack.postgres.PostgresServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How devstack runs its servers. Every setting can come from a system property (listed in
 * {@code docs/configuration.md}); the command line maps its options onto the same settings.
 *
 * @param dataDirectory   parent of {@code kafka/} and {@code postgres/}, kept across runs; empty for temporary
 *                        directories deleted on stop
 * @param kafkaPort       0 for a free port
 * @param postgresPort    0 for a free port
 * @param postgres        embedded binaries (default) or the machine's installation
 * @param postgresBinDir  where the installed binaries are, if not found automatically
 * @param kafkaConfig     broker settings over devstack's defaults
 * @param kafkaNodes      brokers in the Kafka cluster: 1, or 3 to replicate topics as in production
 * @param kafkaScram      also a SCRAM listener with the authorizer on, and one Kafka user per service with only
 *                        the ACLs of {@code security/kafka-acls.json}: the services log in there
 * @param aggregateTypes  what {@code {type}} in the ACL file stands for: the aggregate types the services serve
 */
public record DevstackConfig(Optional<Path> dataDirectory, int kafkaPort, int kafkaControllerPort, int postgresPort,
                             PostgresBinaries.Source postgres, Optional<Path> postgresBinDir, String kafkaHeap,
                             Map<String, String> kafkaConfig, Duration startTimeout, int kafkaNodes,
                             boolean kafkaScram, List<String> aggregateTypes) {

    public static final String PREFIX = "annals.devstack.";
    private static final String KAFKA_CONFIG_PREFIX = PREFIX + "kafka.config.";

    /**
     * The aggregate types of the repository's domains, which the services devstack runs serve. A domain added to
     * the services needs its name here (or in {@code annals.devstack.aggregate-types}), or its topics get no ACL;
     * the system tests' {@code KafkaAclCoverageIT} fails when the command topics on the broker and this list differ.
     */
    public static final List<String> REPOSITORY_AGGREGATE_TYPES =
            List.of("bank-account", "cart", "food-order", "order-book");

    public DevstackConfig {
        aggregateTypes = List.copyOf(aggregateTypes);
    }

    /** Free ports and temporary directories: what tests want. */
    public static DevstackConfig forTests() {
        return new DevstackConfig(Optional.empty(), 0, 0, 0, PostgresBinaries.Source.EMBEDDED, Optional.empty(),
                "512m", Map.of(), Duration.ofSeconds(120), 1, false, REPOSITORY_AGGREGATE_TYPES);
    }

    /**
     * Like {@link #forTests()}, with a Kafka cluster of three nodes (each broker and controller) of a smaller
     * heap, sized for two cores: topics are replicated three times, and any node can be killed.
     */
    public static DevstackConfig forTestsWithThreeBrokers() {
        return new DevstackConfig(Optional.empty(), 0, 0, 0, PostgresBinaries.Source.EMBEDDED, Optional.empty(),
                "256m", Map.of(), Duration.ofSeconds(180), 3, false, REPOSITORY_AGGREGATE_TYPES);
    }

    /**
     * The ports of the design's demo (Kafka 9092, PostgreSQL 54320), and the services under their own Kafka users,
     * as in a deployment.
     */
    public static DevstackConfig forDemo() {
        return new DevstackConfig(Optional.empty(), 9092, 0, 54320, PostgresBinaries.Source.EMBEDDED,
                Optional.empty(), "768m", Map.of(), Duration.ofSeconds(120), 1, true, REPOSITORY_AGGREGATE_TYPES);
    }

    /** This configuration with the SCRAM listener, the authorizer and the services' Kafka users on or off. */
    public DevstackConfig withKafkaScram(boolean scram) {
        return new DevstackConfig(dataDirectory, kafkaPort, kafkaControllerPort, postgresPort, postgres,
                postgresBinDir, kafkaHeap, kafkaConfig, startTimeout, kafkaNodes, scram, aggregateTypes);
    }

    /** {@code defaults}, overridden by whatever {@code annals.devstack.*} properties are set. */
    public static DevstackConfig fromProperties(Properties properties, DevstackConfig defaults) {
        Map<String, String> kafkaConfig = new LinkedHashMap<>(defaults.kafkaConfig());
        properties.stringPropertyNames().stream()
                .filter(name -> name.startsWith(KAFKA_CONFIG_PREFIX))
                .forEach(name -> kafkaConfig.put(name.substring(KAFKA_CONFIG_PREFIX.length()),
                        properties.getProperty(name)));
        return new DevstackConfig(
                Optional.ofNullable(properties.getProperty(PREFIX + "data-dir")).map(Path::of)
                        .or(defaults::dataDirectory),
                integer(properties, "kafka.port", defaults.kafkaPort()),
                integer(properties, "kafka.controller-port", defaults.kafkaControllerPort()),
                integer(properties, "postgres.port", defaults.postgresPort()),
                Optional.ofNullable(properties.getProperty(PREFIX + "postgres")).map(PostgresBinaries.Source::parse)
                        .orElse(defaults.postgres()),
                Optional.ofNullable(properties.getProperty(PREFIX + "postgres.bin-dir")).map(Path::of)
                        .or(defaults::postgresBinDir),
                properties.getProperty(PREFIX + "kafka.heap", defaults.kafkaHeap()),
                Map.copyOf(kafkaConfig),
                Optional.ofNullable(properties.getProperty(PREFIX + "start-timeout-seconds"))
                        .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)))
                        .orElse(defaults.startTimeout()),
                integer(properties, "kafka.nodes", defaults.kafkaNodes()),
                Optional.ofNullable(properties.getProperty(PREFIX + "kafka.scram")).map(DevstackConfig::bool)
                        .orElse(defaults.kafkaScram()),
                Optional.ofNullable(properties.getProperty(PREFIX + "aggregate-types"))
                        .map(types -> Arrays.stream(types.split(",")).map(String::strip)
                                .filter(type -> !type.isEmpty()).toList())
                        .orElse(defaults.aggregateTypes()));
    }

    /** Resolves the binaries, which may unpack the embedded ones: call it where that work belongs. */
    PostgresServer.Settings postgresSettings() {
        return new PostgresServer.Settings(dataDirectory.map(dir -> dir.resolve("postgres")), postgresPort,
                PostgresBinaries.of(postgres, postgresBinDir), Map.of(), startTimeout);
    }

    KafkaBroker.Settings kafkaSettings() {
        return new KafkaBroker.Settings(dataDirectory.map(dir -> dir.resolve("kafka")), kafkaPort,
                kafkaControllerPort, kafkaHeap, List.of(), kafkaConfig, startTimeout, kafkaScram);
    }

    private static boolean bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(PREFIX + "kafka.scram must be true or false, not " + value);
        };
    }

    private static int integer(Properties properties, String name, int fallback) {
        String value = properties.getProperty(PREFIX + name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a whole number, not " + value);
        }
    }
}
