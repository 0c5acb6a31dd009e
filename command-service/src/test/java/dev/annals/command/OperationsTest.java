package dev.annals.command;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static dev.annals.command.testing.Api.command;
import static dev.annals.command.testing.Api.newAccountId;
import static org.assertj.core.api.Assertions.assertThat;

/** What operators and client developers see: readiness, metrics, the OpenAPI catalogue of commands. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class OperationsTest {

    @Test
    void readiness_reports_the_running_processor() {
        JsonPath health = RestAssured.given().baseUri(Management.uri())
                .get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'annals-command-side' }.data.processor"))
                .isEqualTo("RUNNING");
        assertThat(health.getInt("checks.find { it.name == 'annals-command-side' }.data.restoringPartitions"))
                .as("ready: nothing restoring").isZero();
    }

    @Test
    void commands_are_counted_by_type_command_and_outcome_with_a_latency_histogram() {
        String id = newAccountId("metrics");
        command(id, "open", "{\"owner\":\"ann\"}");
        command(id, "withdraw", "{\"amount\":5}");

        String metrics = RestAssured.given().baseUri(Management.uri())
                .get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).containsPattern(
                "annals_commands_total\\{[^}]*command=\"open\"[^}]*outcome=\"accepted\"[^}]*type=\"bank-account\"");
        assertThat(metrics).containsPattern(
                "annals_commands_total\\{[^}]*command=\"withdraw\"[^}]*outcome=\"rejected\"[^}]*type=\"bank-account\"");
        assertThat(metrics).contains("annals_command_seconds_bucket{");
        // the processor's own: Kafka Streams' metrics, and the partitions restoring (none, once it runs)
        assertThat(metrics).containsPattern("kafka_stream_thread_commit_total\\{")
                .containsPattern("(?m)^annals_processor_restoring_partitions(\\{[^}]*})? 0\\.0$");
    }

    @Test
    void made_up_types_and_commands_never_become_metric_labels() {
        command("x-" + newAccountId("labels"), "explode", "{}");
        RestAssured.given().contentType("application/json").body("{}").post("/api/nope-{n}/x/y", System.nanoTime())
                .then().statusCode(404);

        String metrics = RestAssured.given().baseUri(Management.uri())
                .get("/q/metrics").then().statusCode(200).extract().asString();

        // a client's names are not labels: the series stay as many as the known types and commands
        assertThat(metrics).doesNotContain("command=\"explode\"").doesNotContainPattern("type=\"nope-");
        assertThat(metrics).containsPattern(
                "annals_commands_total\\{[^}]*command=\"unknown\"[^}]*outcome=\"invalid\"[^}]*type=\"bank-account\"");
        assertThat(metrics).containsPattern(
                "annals_commands_total\\{[^}]*command=\"unknown\"[^}]*outcome=\"invalid\"[^}]*type=\"unknown\"");
    }

    @Test
    void the_openapi_document_lists_every_command_with_its_schema() {
        JsonPath openapi = RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();

        assertThat(openapi.getMap("paths").keySet()).contains("/api/bank-account/{id}/open",
                "/api/bank-account/{id}/deposit", "/api/bank-account/{id}/withdraw", "/api/bank-account/{id}/close");
        assertThat(openapi.getInt("components.schemas.'bank-account.deposit'.properties.amount.exclusiveMinimum"))
                .isZero();
        assertThat(openapi.getList("components.schemas.'bank-account.open'.required")).containsExactly("owner");
        // creating commands also go without an id; what the server draws is not in the request schema
        assertThat(openapi.getMap("paths").keySet()).contains("/api/bank-account/open", "/api/tally/start",
                "/api/food-order/create", "/buy/{userId}/{price}").doesNotContain("/api/bank-account/deposit");
        assertThat(openapi.getMap("paths.'/api/tally/start'.post.responses")).containsKey("201");
        assertThat(openapi.getMap("components.schemas.'tally.start'.properties")).containsOnlyKeys("name");
        assertThat(openapi.getMap("components.schemas.'food-order.create'.properties"))
                .containsOnlyKeys("userId", "restaurantId", "items");
        RestAssured.get("/q/swagger-ui/").then().statusCode(200);
    }
}
