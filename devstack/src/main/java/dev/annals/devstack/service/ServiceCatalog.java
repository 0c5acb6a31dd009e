package dev.annals.devstack.service;

import dev.annals.devstack.Endpoints;
import dev.annals.devstack.postgres.DatabaseSetup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The services {@code devstack up} runs, when they are built: where their jars are in a checkout of the
 * repository, and the demo ports.
 */
public final class ServiceCatalog {

    /**
     * How a service logs in to PostgreSQL: not at all; with the migration and the runtime role (projection-service);
     * with the read-only role; as the owner of a database of its own (a consumer service of one's own, such as
     * payment-service).
     */
    public enum Database { NONE, PROJECTIONS, READER, OWN }

    /**
     * A service of the repository, its demo port (the API's; the management interface's is 1000 above, as in the
     * services' own configuration) and the database login it gets.
     */
    public record Service(String name, int demoPort, Database database) {

        /**
         * What the service is told of devstack's servers: Kafka's address and, if devstack made the services'
         * Kafka users, the login of the user named as the service (security/kafka-acls.json), how many replicas its topics can have
         * there (the services default to production's 3), unless it has none its database login, and devstack's
         * token issuer, which it trusts; command-service also the secret it names aggregates with.
         */
        public Map<String, String> config(Endpoints endpoints) {
            Map<String, String> config = new LinkedHashMap<>(endpoints.tokens().quarkusConfig());
            if (describesItsApi()) {
                // the demo's and the system tests' services describe themselves (a deployment chooses)
                config.put("quarkus.smallrye-openapi.enabled", "true");
                config.put("quarkus.swagger-ui.enabled", "true");
            }
            String replicas = Integer.toString(endpoints.replicationFactor());
            String minInsync = Integer.toString(endpoints.minInsyncReplicas());
            switch (database) {
                case NONE -> {
                    // command-service: the one service without a database
                    config.put("annals.gateway.id-secret", endpoints.tokens().serverSecret());
                    config.putAll(endpoints.kafkaConfig(name));
                    config.put("annals.topics.replication-factor", replicas);
                    config.put("annals.topics.min-insync-replicas", minInsync);
                }
                case PROJECTIONS -> {
                    // two logins: the batches as the runtime role, migrations and rebuilds as the owner
                    config.putAll(endpoints.projectionConfig());
                    config.putAll(endpoints.kafkaConfig(name));
                    config.put("annals.consumer.dead-letter-replication-factor", replicas);
                    config.put("annals.consumer.dead-letter-min-insync-replicas", minInsync);
                }
                case OWN -> {
                    // a database of its own, one login that owns it; its Kafka user; the replicas of the topics it
                    // makes (its dead-letter and reply topics)
                    config.putAll(endpoints.ownDatabaseConfig(DatabaseSetup.PAYMENTS_DATABASE, DatabaseSetup.PAYMENTS));
                    config.putAll(endpoints.kafkaConfig(name));
                    config.put("annals.consumer.dead-letter-replication-factor", replicas);
                    config.put("annals.consumer.dead-letter-min-insync-replicas", minInsync);
                    config.put("annals.reactor.reply-replication-factor", replicas);
                    config.put("annals.reactor.reply-min-insync-replicas", minInsync);
                }
                case READER -> {
                    // a reading service has the reactive client only: a JDBC URL would be an unknown key to it;
                    // and no Kafka client at all
                    config.putAll(endpoints.quarkusConfig(endpoints.reader()));
                    config.remove("quarkus.datasource.jdbc.url");
                    config.remove("kafka.bootstrap.servers");
                }
            }
            return config;
        }

        /**
         * Whether it serves an OpenAPI document and Swagger UI: every service with an API, not the consumer services
         * (projection-service, payment-service), which have none.
         */
        public boolean describesItsApi() {
            return database != Database.PROJECTIONS && database != Database.OWN;
        }

        /** {@code <repository>/<name>/target/quarkus-app/quarkus-run.jar}, if built. */
        public Optional<Path> runJar(Path repository) {
            return ServiceCatalog.runJar(repository.resolve(name));
        }
    }

    /** {@code <module>/target/quarkus-app/quarkus-run.jar} of any Quarkus module, if built. */
    public static Optional<Path> runJar(Path module) {
        Path jar = module.resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    public static final List<Service> SERVICES = List.of(
            new Service("command-service", 8081, Database.NONE),
            new Service("projection-service", 8083, Database.PROJECTIONS),
            new Service("query-service", 8082, Database.READER),
            new Service("payment-service", 8084, Database.OWN));

    private ServiceCatalog() {
    }

    public static Service named(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no service " + name + " in " + SERVICES));
    }

    /** The checkout {@code start} is in: the nearest directory up from it with a pom.xml and the service modules. */
    public static Optional<Path> repositoryAround(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve(SERVICES.get(0).name()))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The repository this devstack was built in: {@code devstack/target/devstack.jar} is three levels down. */
    public static Optional<Path> repositoryOf(Path devstackJar) {
        Path target = devstackJar.toAbsolutePath().getParent();
        if (target == null || target.getParent() == null || target.getParent().getParent() == null) {
            return Optional.empty();
        }
        Path repository = target.getParent().getParent();
        return Files.isRegularFile(repository.resolve("pom.xml")) ? Optional.of(repository) : Optional.empty();
    }
}
