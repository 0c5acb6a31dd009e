package dev.annals.system;

import dev.annals.deploy.SystemTools;
import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.QuarkusService;
import dev.annals.devstack.service.ServiceCatalog;
import org.awaitility.Awaitility;
import dev.annals.system.image.ImageRunner;
import dev.annals.system.support.Http;
import dev.annals.system.support.Summary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image the build makes of query-service (Jib, {@code query-service/target/jib-image.tar}, on a base made
 * offline) is a working image: unpacked, its entrypoint run in its own root as its own user starts and becomes
 * ready against devstack, and answers a query.
 */
@Order(10)
class ImageRunsIT {

    private static Devstack devstack;
    private static QuarkusService projections;
    private static ImageRunner.Running running;

    @BeforeAll
    static void runTheImage() throws Exception {
        SystemTools.require("unshare");
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow();
        Path image = repository.resolve("query-service/target/jib-image.tar");
        assertThat(image).as("the build makes query-service's image (./mvnw package)").exists();
        for (int port : List.of(8082, 9082)) {
            assertThat(FreePort.isFree(port)).as("port %d, which query-service's image listens on, is taken", port)
                    .isTrue();
        }
        devstack = Devstack.start(DevstackConfig.forTests());
        Endpoints endpoints = devstack.endpoints();
        // the read models the image's service reads, made as everywhere else: by projection-service's jar
        ServiceCatalog.Service projector = ServiceCatalog.named("projection-service");
        projections = QuarkusService.start(new QuarkusService.Settings(projector.name(),
                projector.runJar(repository).orElseThrow(), FreePort.orPick(0), projector.config(endpoints), "384m",
                Duration.ofMinutes(2)));
        Map<String, String> config = ServiceCatalog.named("query-service").config(endpoints);
        running = ImageRunner.run("query-service", image, Files.createTempDirectory("annals-image-"),
                ImageRunner.asEnvironment(config), "http://localhost:9082", Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() {
        try {
            if (running != null) {
                running.close();
            }
            if (projections != null) {
                projections.close();
            }
        } finally {
            if (devstack != null) {
                devstack.close();
            }
        }
    }

    @Test
    void the_image_runs_the_service_as_a_non_root_user_from_its_own_files() throws Exception {
        assertThat(running.image().user()).isEqualTo("185:185");
        assertThat(running.image().entrypoint()).containsExactly("java", "-jar", "/app/quarkus-run.jar");
        assertThat(running.image().workingDirectory()).isEqualTo("/app");
        assertThat(running.image().root().resolve("app/quarkus-run.jar")).isRegularFile();
        assertThat(running.image().root().resolve("app/lib/main")).isDirectory();
        assertThat(running.image().root().resolve("opt/jib-unused")).doesNotExist();
        assertThat(running.processUser()).isEqualTo(185);
    }

    @Test
    void the_service_in_the_image_answers_a_query_against_devstack() throws Exception {
        // every account is a teller's to list
        String token = devstack.endpoints().tokens().token("tess", Set.of("teller"), Duration.ofMinutes(5));
        Http http = new Http(new Summary(), "Bearer " + token);
        // the projections create their tables as they start; the list of accounts is there once they have
        Http.Answer answer = Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .until(() -> http.get("http://localhost:8082/api/bank-account", Map.of()),
                        read -> read.status() != 503);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body()).contains("\"type\":\"bank-account\"").contains("\"items\":[]");
    }
}
