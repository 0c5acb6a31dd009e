package dev.annals.command.types;

import dev.annals.command.testing.EventLog;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.devstack.testing.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every AggregateType bean is served: topics, processor, REST and OpenAPI, with no service code naming it. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class DiscoveredTypeTest {

    @Test
    void a_type_registered_as_a_bean_is_served_end_to_end() {
        String id = "t-" + UUID.randomUUID();

        JsonPath added = RestAssured.given().contentType("application/json").body("{\"amount\":3}")
                .post("/api/tally/" + id + "/add").then().statusCode(200).extract().jsonPath();

        assertThat(added.getString("type")).isEqualTo("tally");
        assertThat(added.getLong("version")).isEqualTo(1);
        assertThat(EventLog.of("tally", id)).extracting(EventEnvelope::cloudEventType).containsExactly("tally.Added");
        RestAssured.given().contentType("application/json").body("{\"amount\":0}")
                .post("/api/tally/" + id + "/add").then().statusCode(400);
        // accepted without an event: there is nothing a read could wait for, so no consistency token
        io.restassured.response.Response touched = RestAssured.given().contentType("application/json").body("{}")
                .post("/api/tally/" + id + "/touch");
        assertThat(touched.statusCode()).isEqualTo(200);
        assertThat(touched.jsonPath().getLong("version")).isEqualTo(1);
        assertThat(touched.jsonPath().getList("events")).isEmpty();
        assertThat(touched.header("Annals-Consistency-Token")).isNull();
        assertThat(RestAssured.given().queryParam("format", "json").get("/q/openapi").then().extract().jsonPath()
                .getMap("paths")).containsKey("/api/tally/{id}/add");
    }
}
