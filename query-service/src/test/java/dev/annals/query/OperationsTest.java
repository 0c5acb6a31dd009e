package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.query.testing.Commands;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/** Readiness, metrics and the OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class OperationsTest {

    @Test
    void readyWhenTheDatabaseAnswersAndCheckpointNoticesArrive() {
        given().baseUri(Management.uri()).get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("checkpoint-listener", "Reactive PostgreSQL connections health check"));
    }

    @Test
    void metricsTimeRequestsByRouteAndConsistencyWaitsByOutcome() {
        String account = Commands.newId("metrics");
        String token = Commands.open(account, "counter").token();
        given().header("Annals-Consistency-Token", token).get("/api/bank/accounts/{id}", account)
                .then().statusCode(200);
        given().get("/api/bank-account/{id}/events", account).then().statusCode(200);

        String metrics = given().baseUri(Management.uri())
                .get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/bank/accounts/\\{id}\"");
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/\\{type}/\\{id}/events\"");
        assertThat(metrics).containsPattern("annals_query_consistency_wait_seconds_count\\{[^}]*outcome=\""
                + "(reached|immediate)\"[^}]*projection=\"bank-accounts\"");
        assertThat(metrics).contains("annals_query_consistency_waiting");
    }

    @Test
    void theOpenApiDocumentListsEveryReadEndpointAndTheConsistencyToken() {
        String openapi = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/api/{type}/{id}", "/api/{type}/{id}/events", "/api/{type}/{id}/events/stream",
                "/api/{type}/events/stream", "/api/bank/accounts", "/api/bank/accounts/{id}",
                "Annals-Consistency-Token", "consistentWith", "atVersion");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
