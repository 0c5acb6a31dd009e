package dev.annals.query.testing;

import dev.annals.devstack.testing.TestTokens;
import io.restassured.response.Response;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Sends commands to the real command-service, as a client of the platform would. */
public final class Commands {

    /** An accepted command: the version it made and the token to read it with. */
    public record Accepted(long version, String token) {
    }

    private Commands() {
    }

    /** A fresh account id, so that test classes sharing the log never meet. */
    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Accepted open(String account, String owner) {
        return send(account, "open", "{\"owner\":\"" + owner + "\"}");
    }

    public static Accepted deposit(String account, long amount) {
        return send(account, "deposit", "{\"amount\":" + amount + "}");
    }

    public static Accepted withdraw(String account, long amount) {
        return send(account, "withdraw", "{\"amount\":" + amount + "}");
    }

    /** What the command-service answered: status, body, and the token when events were recorded. */
    public record Sent(int status, io.restassured.path.json.JsonPath json, String token, String location) {

        public String id() {
            return json.getString("id");
        }

        public String code() {
            return json.getString("code");
        }
    }

    /** Sends any command (a path under the command-service) and reports the answer as it is. */
    public static Sent post(String path, String body) {
        return post(path, body, TestTokens.defaultBearer());
    }

    /** Sends any command as the caller of {@code authorization}. */
    public static Sent post(String path, String body, String authorization) {
        Response response = given().baseUri(RealStack.commandService()).header("Authorization", authorization)
                .contentType("application/json").body(body).post(path);
        return new Sent(response.statusCode(), response.jsonPath(), response.header("Annals-Consistency-Token"),
                response.header("Location"));
    }

    /** Sends a command and insists it is accepted (200, or 201 for a server-named aggregate). */
    public static Sent accepted(String path, String body) {
        return accepted(path, body, TestTokens.defaultBearer());
    }

    /** Sends a command as the caller of {@code authorization} and insists it is accepted. */
    public static Sent accepted(String path, String body, String authorization) {
        Sent sent = post(path, body, authorization);
        assertThat(sent.status()).as("%s: %s", path, sent.json().prettify()).isIn(200, 201);
        assertThat(sent.token()).as("consistency token of %s", path).isNotBlank();
        return sent;
    }

    /** Sends a command and insists it is refused with {@code code}. */
    public static void refused(String path, String body, int status, String code) {
        refused(path, body, status, code, TestTokens.defaultBearer());
    }

    /** Sends a command as the caller of {@code authorization} and insists it is refused with {@code code}. */
    public static void refused(String path, String body, int status, String code, String authorization) {
        Sent sent = post(path, body, authorization);
        assertThat(sent.status()).as("%s: %s", path, sent.json().prettify()).isEqualTo(status);
        assertThat(sent.code()).isEqualTo(code);
    }

    /** Sends a bank-account command and insists it is accepted. */
    public static Accepted send(String account, String command, String body) {
        Response response = given().baseUri(RealStack.commandService())
                .contentType("application/json").body(body)
                .post("/api/bank-account/{id}/{command}", account, command);
        assertThat(response.statusCode()).as("%s %s: %s", command, account, response.asString()).isEqualTo(200);
        String token = response.header("Annals-Consistency-Token");
        assertThat(token).as("consistency token of %s %s", command, account).isNotBlank();
        return new Accepted(response.jsonPath().getLong("version"), token);
    }
}
