package dev.annals.query.testing;

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
