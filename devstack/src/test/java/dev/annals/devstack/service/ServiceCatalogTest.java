package dev.annals.devstack.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceCatalogTest {

    @Test
    void the_repository_is_three_levels_above_the_devstack_jar(@TempDir Path checkout) throws IOException {
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Path jar = Files.createDirectories(checkout.resolve("devstack/target")).resolve("devstack.jar");

        assertThat(ServiceCatalog.repositoryOf(jar)).contains(checkout);
        assertThat(ServiceCatalog.repositoryOf(Path.of("devstack.jar"))).isEmpty();
    }

    @Test
    void only_built_services_have_a_run_jar(@TempDir Path checkout) throws IOException {
        ServiceCatalog.Service command = ServiceCatalog.SERVICES.get(0);
        assertThat(command.runJar(checkout)).isEmpty();

        Path app = Files.createDirectories(checkout.resolve("command-service/target/quarkus-app"));
        Files.writeString(app.resolve("quarkus-run.jar"), "");

        assertThat(command.runJar(checkout)).contains(app.resolve("quarkus-run.jar"));
        assertThat(ServiceCatalog.SERVICES).extracting(ServiceCatalog.Service::demoPort)
                .containsExactly(8081, 8083, 8082, 8084);
    }
}
