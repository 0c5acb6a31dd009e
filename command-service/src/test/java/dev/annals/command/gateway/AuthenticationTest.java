package dev.annals.command.gateway;

import dev.annals.command.testing.Api;
import dev.annals.command.testing.EventLog;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.devstack.auth.BadTokens;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.annals.command.testing.Api.BANK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may send a command: a valid bearer token of the trusted issuer, for this audience, with a role the command's
 * rule names. Everything else is refused with 401 or 403 as a problem document, before anything is written.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class AuthenticationTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Set<String> CUSTOMER = Set.of("customer");

    @Test
    void every_bad_token_is_a_401_problem_with_a_challenge_and_writes_nothing() {
        String account = Api.newAccountId("auth");
        assertThat(post("/api/" + BANK + "/" + account + "/open", "{\"owner\":\"ann\"}", bearer("ann", CUSTOMER))
                .statusCode()).isEqualTo(200);
        long before = EventLog.endOffsets(BANK);

        Map<String, Optional<String>> corpus = BadTokens.corpus(TestTokens.issuer(), CUSTOMER);
        corpus.forEach((name, authorization) -> {
            HttpResponse<String> answer = post("/api/" + BANK + "/" + account + "/deposit", "{\"amount\":5}",
                    authorization);
            assertThat(answer.statusCode()).as(name).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type")).as(name).contains("application/problem+json");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(name).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Bearer realm=\"annals\""));
            assertThat(answer.body()).as(name).contains("\"status\":401");
            if (name.startsWith("no subject")) { // a name to record is what such a token lacks, and it is told so
                assertThat(answer.body()).as(name).contains("\"code\":\"INVALID_SUBJECT\"");
            }
        });
        assertThat(EventLog.endOffsets(BANK)).isEqualTo(before);
    }

    @Test
    void a_caller_without_a_role_the_rule_names_gets_403_and_writes_nothing() {
        String account = Api.newAccountId("auth");
        post("/api/" + BANK + "/" + account + "/open", "{\"owner\":\"ann\"}", bearer("ann", CUSTOMER));
        long before = EventLog.endOffsets(BANK);

        // withdraw is for customers and tellers (application.properties); an auditor is neither
        HttpResponse<String> answer = post("/api/" + BANK + "/" + account + "/withdraw", "{\"amount\":1}",
                bearer("ann", Set.of("auditor")));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("insufficient_scope"));
        assertThat(answer.body()).contains("\"code\":\"FORBIDDEN\"").contains("customer").contains("teller");
        assertThat(EventLog.endOffsets(BANK)).isEqualTo(before);
        // a command no rule names is any authenticated caller's
        assertThat(post("/api/" + BANK + "/" + account + "/deposit", "{\"amount\":1}",
                bearer("someone", Set.of())).statusCode()).isEqualTo(200);
    }

    @Test
    void every_event_records_who_sent_its_command() {
        String account = Api.newAccountId("auth");
        post("/api/" + BANK + "/" + account + "/open", "{\"owner\":\"ann\"}", bearer("ann", CUSTOMER));
        post("/api/" + BANK + "/" + account + "/deposit", "{\"amount\":5}", bearer("bob", CUSTOMER));

        assertThat(EventLog.of(BANK, account)).extracting(EventEnvelope::principal)
                .containsExactly(Optional.of("ann"), Optional.of("bob"));
    }

    @Test
    void only_the_owner_or_a_teller_withdraws() {
        String account = Api.newAccountId("auth");
        post("/api/" + BANK + "/" + account + "/open", "{\"owner\":\"ann\"}", bearer("ann", CUSTOMER));
        post("/api/" + BANK + "/" + account + "/deposit", "{\"amount\":10}", bearer("bob", CUSTOMER));

        HttpResponse<String> bobs = post("/api/" + BANK + "/" + account + "/withdraw", "{\"amount\":1}",
                bearer("bob", CUSTOMER));
        assertThat(bobs.statusCode()).isEqualTo(409);
        assertThat(bobs.body()).contains("\"code\":\"NOT_ACCOUNT_OWNER\"");

        assertThat(post("/api/" + BANK + "/" + account + "/withdraw", "{\"amount\":1}", bearer("ann", CUSTOMER))
                .statusCode()).isEqualTo(200);
        assertThat(post("/api/" + BANK + "/" + account + "/withdraw", "{\"amount\":1}",
                bearer("tess", Set.of("teller"))).statusCode()).isEqualTo(200);
        assertThat(post("/api/" + BANK + "/" + Api.newAccountId("auth") + "/open", "{\"owner\":\"ann\"}",
                bearer("bob", CUSTOMER)).body()).contains("NOT_ACCOUNT_OWNER");
    }

    @Test
    void two_callers_with_the_same_idempotency_key_send_two_commands() {
        String account = Api.newAccountId("auth");
        post("/api/" + BANK + "/" + account + "/open", "{\"owner\":\"ann\"}", bearer("ann", CUSTOMER));
        String key = "deposit-" + UUID.randomUUID();

        HttpResponse<String> anns = post("/api/" + BANK + "/" + account + "/deposit", "{\"amount\":10}",
                bearer("ann", CUSTOMER), "Idempotency-Key", key);
        HttpResponse<String> bobs = post("/api/" + BANK + "/" + account + "/deposit", "{\"amount\":10}",
                bearer("bob", CUSTOMER), "Idempotency-Key", key);
        HttpResponse<String> annsRetry = post("/api/" + BANK + "/" + account + "/deposit", "{\"amount\":10}",
                bearer("ann", CUSTOMER), "Idempotency-Key", key);

        assertThat(anns.statusCode()).isEqualTo(200);
        assertThat(bobs.statusCode()).isEqualTo(200);
        assertThat(bobs.body()).contains("\"version\":3");
        assertThat(annsRetry.body()).isEqualTo(anns.body());
        assertThat(EventLog.of(BANK, account)).hasSize(3);
    }

    @Test
    void a_server_named_id_is_the_callers_own_and_not_derivable_from_the_key_alone() {
        String key = "open-" + UUID.randomUUID();
        HttpResponse<String> anns = post("/api/" + BANK + "/open", "{\"owner\":\"ann\"}", bearer("ann", CUSTOMER),
                "Idempotency-Key", key);
        HttpResponse<String> bobs = post("/api/" + BANK + "/open", "{\"owner\":\"bob\"}", bearer("bob", CUSTOMER),
                "Idempotency-Key", key);
        HttpResponse<String> annsRetry = post("/api/" + BANK + "/open", "{\"owner\":\"ann\"}",
                bearer("ann", CUSTOMER), "Idempotency-Key", key);

        assertThat(anns.statusCode()).isEqualTo(201);
        assertThat(bobs.statusCode()).isEqualTo(201); // bob's create is not taken as ann's retry, nor refused
        String annsId = anns.headers().firstValue("Location").orElseThrow();
        assertThat(bobs.headers().firstValue("Location")).isPresent().isNotEqualTo(Optional.of(annsId));
        assertThat(annsRetry.headers().firstValue("Location")).contains(annsId);
        // the old derivation, a name-based UUID of type and key, is what anyone could compute
        String guessable = UUID.nameUUIDFromBytes((BANK + '\n' + key).getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(annsId).doesNotContain(guessable);
    }

    private static Optional<String> bearer(String subject, Set<String> roles) {
        return Optional.of(TestTokens.bearer(subject, roles));
    }

    private static HttpResponse<String> post(String path, String json, Optional<String> authorization,
                                             String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        authorization.ifPresent(value -> request.header("Authorization", value));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
