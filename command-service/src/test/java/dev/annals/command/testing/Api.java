package dev.annals.command.testing;

import dev.annals.devstack.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/** The command API as a client sees it. */
public final class Api {

    public static final String BANK = "bank-account";

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Api() {
    }

    public static ExtractableResponse<Response> command(String id, String command, String json) {
        return command(id, command, json, Map.of());
    }

    public static ExtractableResponse<Response> command(String id, String command, String json,
                                                        Map<String, String> headers) {
        RequestSpecification request = RestAssured.given().contentType("application/json").body(json);
        headers.forEach(request::header);
        return request.post("/api/" + BANK + "/" + id + "/" + command).then().extract();
    }

    /** A command sent by a plain JDK client, for load loops where RestAssured's own cost would dominate. */
    public static HttpResponse<String> send(String id, String command, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/" + BANK + "/" + id + "/" + command))
                .header("Content-Type", "application/json")
                .header("Authorization", TestTokens.defaultBearer())
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh account id, so that tests sharing the broker never meet. */
    public static String newAccountId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
