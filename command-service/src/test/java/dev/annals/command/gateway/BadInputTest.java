package dev.annals.command.gateway;

import dev.annals.command.testing.EventLog;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.annals.command.testing.Api.BANK;
import static dev.annals.command.testing.Api.command;
import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of bad request gets its status and a problem document, and writes no event. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class BadInputTest {

    private static final String OPEN_ACCOUNT = "bad-input-target";

    record Case(String name, String method, String path, String contentType, byte[] body,
                Map<String, String> headers, int status, String code) {

        static Case post(String name, String path, String body, int status, String code) {
            return new Case(name, "POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(),
                    status, code);
        }

        Case withHeaders(Map<String, String> more) {
            return new Case(name, method, path, contentType, body, more, status, code);
        }

        Case withContentType(String type) {
            return new Case(name, method, path, type, body, headers, status, code);
        }

        Case withMethod(String verb) {
            return new Case(name, verb, path, contentType, body, headers, status, code);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        String deposit = "/api/" + BANK + "/" + OPEN_ACCOUNT + "/deposit";
        String open = "/api/" + BANK + "/" + OPEN_ACCOUNT + "/open";
        return List.of(
                Case.post("broken JSON", deposit, "{\"amount\":", 400, "INVALID_JSON"),
                Case.post("not an object", deposit, "[1,2]", 400, "INVALID_JSON"),
                Case.post("JSON null", deposit, "null", 400, "INVALID_JSON"),
                Case.post("wrong type", deposit, "{\"amount\":\"ten\"}", 400, "INVALID_JSON"),
                Case.post("fraction for a whole number", deposit, "{\"amount\":1.5}", 400, "INVALID_JSON"),
                Case.post("number too large", deposit, "{\"amount\":123456789012345678901234567890}", 400,
                        "INVALID_JSON"),
                Case.post("missing field", deposit, "{}", 400, "INVALID_JSON"),
                Case.post("unknown field", deposit, "{\"amount\":1,\"currency\":\"EUR\"}", 400, "INVALID_JSON"),
                Case.post("duplicate field", deposit, "{\"amount\":1,\"amount\":2}", 400, "INVALID_JSON"),
                Case.post("trailing content", deposit, "{\"amount\":1} {}", 400, "INVALID_JSON"),
                Case.post("zero amount", deposit, "{\"amount\":0}", 400, "INVALID_COMMAND"),
                Case.post("negative amount", deposit, "{\"amount\":-5}", 400, "INVALID_COMMAND"),
                Case.post("blank owner", open, "{\"owner\":\"  \"}", 400, "INVALID_COMMAND"),
                Case.post("overlong owner", open, "{\"owner\":\"" + "x".repeat(201) + "\"}", 400, "INVALID_COMMAND"),
                Case.post("id with a space", "/api/" + BANK + "/two%20words/deposit", "{\"amount\":1}", 400,
                        "INVALID_ID"),
                Case.post("id with unicode", "/api/" + BANK + "/k%C3%A4se/deposit", "{\"amount\":1}", 400,
                        "INVALID_ID"),
                Case.post("path-like id", "/api/" + BANK + "/..%2F..%2Fetc/deposit", "{\"amount\":1}", 400,
                        "INVALID_ID"),
                Case.post("overlong id", "/api/" + BANK + "/" + "a".repeat(129) + "/deposit", "{\"amount\":1}", 400,
                        "INVALID_ID"),
                Case.post("unknown type", "/api/spaceship/x/deposit", "{\"amount\":1}", 404, "UNKNOWN_TYPE"),
                Case.post("unknown command", "/api/" + BANK + "/x/transfer", "{\"amount\":1}", 404,
                        "UNKNOWN_COMMAND"),
                Case.post("unknown path", "/api/" + BANK, "{}", 404, "NOT_FOUND"),
                Case.post("body over 64 KiB", deposit, "{\"amount\":1," + " ".repeat(70_000) + "}", 413,
                        "BODY_TOO_LARGE"),
                Case.post("text body", deposit, "{\"amount\":1}", 415, "UNSUPPORTED_MEDIA_TYPE")
                        .withContentType("text/plain"),
                Case.post("XML body", deposit, "<amount>1</amount>", 415, "UNSUPPORTED_MEDIA_TYPE")
                        .withContentType("application/xml"),
                Case.post("If-Match without quotes", deposit, "{\"amount\":1}", 400, "INVALID_IF_MATCH")
                        .withHeaders(Map.of("If-Match", "3")),
                Case.post("If-Match not a number", deposit, "{\"amount\":1}", 400, "INVALID_IF_MATCH")
                        .withHeaders(Map.of("If-Match", "\"three\"")),
                Case.post("If-Match negative", deposit, "{\"amount\":1}", 400, "INVALID_IF_MATCH")
                        .withHeaders(Map.of("If-Match", "\"-1\"")),
                Case.post("overlong Idempotency-Key", deposit, "{\"amount\":1}", 400, "INVALID_IDEMPOTENCY_KEY")
                        .withHeaders(Map.of("Idempotency-Key", "k".repeat(256))),
                Case.post("empty Idempotency-Key", deposit, "{\"amount\":1}", 400, "INVALID_IDEMPOTENCY_KEY")
                        .withHeaders(Map.of("Idempotency-Key", "")),
                Case.post("empty If-Match", deposit, "{\"amount\":1}", 400, "INVALID_IF_MATCH")
                        .withHeaders(Map.of("If-Match", "")),
                Case.post("number for text", open, "{\"owner\":5}", 400, "INVALID_JSON"),
                Case.post("fraction for text", open, "{\"owner\":1.5}", 400, "INVALID_JSON"),
                Case.post("boolean for text", open, "{\"owner\":true}", 400, "INVALID_JSON"),
                Case.post("NUL in text", open, "{\"owner\":\"a\\u0000b\"}", 400, "INVALID_JSON"),
                Case.post("GET on a command", deposit, "", 405, "METHOD_NOT_ALLOWED").withMethod("GET"),
                Case.post("PUT on a command", deposit, "{\"amount\":1}", 405, "METHOD_NOT_ALLOWED").withMethod("PUT"),
                Case.post("DELETE on a command", deposit, "", 405, "METHOD_NOT_ALLOWED").withMethod("DELETE"));
    }

    @TestHTTPResource("/api/" + BANK + "/" + OPEN_ACCOUNT + "/deposit")
    URI deposit;

    @BeforeEach
    void openTheTargetAccount() {
        command(OPEN_ACCOUNT, "open", "{\"owner\":\"target\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bad_input_gets_a_problem_answer_and_writes_nothing(Case bad) {
        long before = EventLog.endOffsets(BANK);

        RequestSpecification request = RestAssured.given()
                .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .urlEncodingEnabled(false)
                .contentType(bad.contentType())
                .body(bad.body());
        bad.headers().forEach(request::header);
        ExtractableResponse<Response> response = request.request(bad.method(), bad.path()).then().extract();

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(bad.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo(bad.code());
        assertThat(response.jsonPath().getInt("status")).isEqualTo(bad.status());
        assertThat(response.jsonPath().getString("type")).isNotBlank();
        assertThat(EventLog.endOffsets(BANK)).isEqualTo(before);
    }

    @Test
    void a_chunked_body_is_refused_with_length_required() throws Exception {
        long before = EventLog.endOffsets(BANK);
        byte[] body = "{\"amount\":1}".getBytes(StandardCharsets.UTF_8);
        // a body publisher of unknown length makes the client send it chunked
        HttpRequest request = HttpRequest.newBuilder(deposit)
                .header("Content-Type", "application/json")
                .header("Authorization", TestTokens.defaultBearer())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"LENGTH_REQUIRED\"");
        assertThat(EventLog.endOffsets(BANK)).isEqualTo(before);
    }
}
