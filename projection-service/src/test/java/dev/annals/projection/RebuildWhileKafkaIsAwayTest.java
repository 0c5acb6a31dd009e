package dev.annals.projection;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.RenamedProjection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * A rebuild that asks Kafka for its partitions while Kafka does not answer waits for it, RETRYING, and goes on once
 * it is back: it does not end FAILED, which nothing would restart. Kafka's answers time out after 3 s here, not
 * the default minute.
 */
@QuarkusTest
@TestProfile(RebuildWhileKafkaIsAwayTest.QuickKafkaTimeouts.class)
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class RebuildWhileKafkaIsAwayTest {

    public static class QuickKafkaTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("annals.consumer.kafka.\"default.api.timeout.ms\"", "3000");
        }
    }

    @Inject
    Consumers projections;

    @Test
    void aRebuildStartedWhileKafkaIsAwayWaitsForIt() {
        RenamedProjection projection = RenamedProjection.bank("kafka-away");
        projections.start(projection);
        List<String> ids = BankHistory.accountsWithDeposits("kafka-away", 5, 3);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));

        SharedInfrastructure.stopKafka();
        try {
            assertThat(projections.rebuild(projection.name())).isEqualTo(2);
            await("the rebuild waits for Kafka").atMost(Duration.ofMinutes(1))
                    .until(() -> projections.rebuildState(projection.name()),
                            state -> state.equals(Optional.of(RunnerState.RETRYING))
                                    || state.equals(Optional.of(RunnerState.FAILED)));
            assertThat(projections.rebuildState(projection.name())).contains(RunnerState.RETRYING);
        } finally {
            SharedInfrastructure.startKafka();
        }
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("generation", is(2)).body("rebuild", nullValue()));
        ReadModel.assertEqualsFold(projection.schema(), ids);
    }
}
