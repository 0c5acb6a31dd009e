package dev.annals.devstack.testing;

import dev.annals.devstack.Endpoints;
import dev.annals.devstack.auth.TokenIssuer;
import dev.annals.devstack.postgres.DatabaseSetup;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.Optional;

/**
 * The same servers as containers, for machines with a Docker engine: Kafka in KRaft mode (the image of the Kafka
 * version the clients have) and PostgreSQL, set up with the same database and roles as devstack's.
 */
final class TestcontainersInfrastructure {

    private TestcontainersInfrastructure() {
    }

    static SharedInfrastructure.Running start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("annals.infra=testcontainers needs a Docker engine and none is reachable; "
                    + "leave annals.infra unset (local) to use devstack's own Kafka and PostgreSQL");
        }
        KafkaContainer kafka = new KafkaContainer(System.getProperty("annals.infra.kafka-image",
                "apache/kafka:" + AppInfoParser.getVersion()));
        PostgreSQLContainer postgres = new PostgreSQLContainer(System.getProperty("annals.infra.postgres-image",
                "postgres:18-alpine"))
                .withDatabaseName("postgres")
                .withUsername(DatabaseSetup.SUPERUSER.username())
                .withPassword(DatabaseSetup.SUPERUSER.password());
        Startables.deepStart(kafka, postgres).join();
        int port = postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        DatabaseSetup.apply(postgres.getHost(), port, DatabaseSetup.SUPERUSER);
        Endpoints endpoints = new Endpoints(kafka.getBootstrapServers(), 1, postgres.getHost(), port,
                DatabaseSetup.DATABASE, DatabaseSetup.OWNER, DatabaseSetup.PROJECTOR, DatabaseSetup.READER,
                TokenIssuer.create(TokenIssuer.temporaryDirectory()), Optional.empty());
        return new SharedInfrastructure.Running(endpoints, () -> {
            kafka.stop();
            postgres.stop();
        });
    }
}
