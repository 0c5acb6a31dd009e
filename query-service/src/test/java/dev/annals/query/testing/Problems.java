package dev.annals.query.testing;

import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks a problem answer: status, media type, code and a detail for people. */
public final class Problems {

    private Problems() {
    }

    public static void problem(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo(code);
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
    }
}
