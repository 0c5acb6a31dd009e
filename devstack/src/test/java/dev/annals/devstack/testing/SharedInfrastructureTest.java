package dev.annals.devstack.testing;

import dev.annals.devstack.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

@ExtendWith(DevstackExtension.class)
class SharedInfrastructureTest {

    /** devstack's own dependency, which a copy of its classes needs beside them (its token issuer signs with it). */
    private static final URL JOSE4J = org.jose4j.jws.JsonWebSignature.class.getProtectionDomain().getCodeSource()
            .getLocation();

    @Test
    void every_caller_in_the_jvm_gets_the_same_servers(Endpoints injected) {
        assertThat(SharedInfrastructure.endpoints()).isEqualTo(injected);
        assertThat(new DevstackTestResource().start())
                .containsEntry("kafka.bootstrap.servers", injected.kafkaBootstrapServers())
                .containsEntry("quarkus.datasource.jdbc.url", injected.jdbcUrl());
        assertThat(brokersStartedByThisJvm()).isEqualTo(1);
    }

    @Test
    void another_class_loader_reuses_the_servers_instead_of_starting_new_ones(Endpoints injected) throws Exception {
        // Quarkus runs test code in class loaders of its own: a second copy of devstack's classes must find the
        // running servers rather than start a second broker.
        URL devstackClasses = SharedInfrastructure.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {devstackClasses, JOSE4J},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = isolated.loadClass(SharedInfrastructure.class.getName());
            assertThat(copy).isNotSameAs(SharedInfrastructure.class);

            Object endpoints = copy.getMethod("endpoints").invoke(null);

            assertThat(endpoints.getClass().getMethod("kafkaBootstrapServers").invoke(endpoints))
                    .isEqualTo(injected.kafkaBootstrapServers());
            assertThat(endpoints.getClass().getMethod("jdbcUrl").invoke(endpoints)).isEqualTo(injected.jdbcUrl());
        }
        assertThat(brokersStartedByThisJvm()).isEqualTo(1);
    }

    @Test
    void a_test_in_another_class_loader_can_stop_and_restart_a_shared_server(Endpoints endpoints) throws Exception {
        URL devstackClasses = SharedInfrastructure.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {devstackClasses, JOSE4J},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = isolated.loadClass(SharedInfrastructure.class.getName());

            copy.getMethod("stopPostgres").invoke(null);
            try {
                assertThatThrownBy(() -> connect(endpoints)).isInstanceOf(SQLException.class);
            } finally {
                copy.getMethod("startPostgres").invoke(null);
            }
            try (Connection connection = connect(endpoints)) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    private static Connection connect(Endpoints endpoints) throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.owner().username(),
                endpoints.owner().password());
    }

    @Test
    void the_quarkus_resource_logs_in_as_owner_or_reader_or_not_at_all(Endpoints endpoints) {
        DevstackTestResource owner = new DevstackTestResource();
        owner.init(Map.of());
        assertThat(owner.start())
                .containsEntry("quarkus.datasource.username", "annals")
                .containsEntry("quarkus.datasource.reactive.url", endpoints.reactiveUrl());

        DevstackTestResource reader = new DevstackTestResource();
        reader.init(Map.of(DevstackTestResource.LOGIN, "reader"));
        assertThat(reader.start())
                .containsEntry("quarkus.datasource.username", "annals_query")
                .containsEntry("quarkus.datasource.password", "annals_query");

        DevstackTestResource none = new DevstackTestResource();
        none.init(Map.of(DevstackTestResource.LOGIN, "none"));
        assertThat(none.start()).containsOnlyKeys("kafka.bootstrap.servers", "annals.gateway.id-secret",
                "mp.jwt.verify.publickey.location", "mp.jwt.verify.issuer", "mp.jwt.verify.audiences",
                "smallrye.jwt.time-to-live");
        assertThat(owner.start()).containsEntry("mp.jwt.verify.issuer", endpoints.tokens().issuer())
                .doesNotContainKey("annals.gateway.id-secret");

        DevstackTestResource projections = new DevstackTestResource();
        projections.init(Map.of(DevstackTestResource.LOGIN, "projections"));
        assertThat(projections.start())
                .containsEntry("quarkus.datasource.username", "annals_projector")
                .containsEntry("quarkus.datasource.migration.username", "annals")
                .containsEntry("quarkus.datasource.migration.jdbc.url", endpoints.jdbcUrl());

        DevstackTestResource payments = new DevstackTestResource();
        payments.init(Map.of(DevstackTestResource.LOGIN, "payments"));
        assertThat(payments.start())
                .containsEntry("quarkus.datasource.username", "annals_payments")
                .containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + endpoints.postgresHost() + ":"
                        + endpoints.postgresPort() + "/payments");

        assertThatThrownBy(() -> new DevstackTestResource().init(Map.of(DevstackTestResource.LOGIN, "admin")))
                .hasMessageContaining("owner, projections, reader, none or payments");
    }

    @Test
    void testcontainers_without_a_docker_engine_fails_with_a_clear_message() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker engine is reachable here");
        assertThatThrownBy(() -> SharedInfrastructure.start("testcontainers"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a Docker engine and none is reachable");
    }

    @Test
    void an_unknown_infrastructure_is_refused() {
        assertThatThrownBy(() -> SharedInfrastructure.start("kubernetes"))
                .hasMessageContaining("annals.infra is local or testcontainers, not kubernetes");
    }

    private static long brokersStartedByThisJvm() {
        // The JDK reads only the first 4 KB of a command line, and the broker's classpath is longer than that;
        // -Dkafka.logs.dir comes before it.
        return ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains("-Dkafka.logs.dir="))
                .count();
    }
}
