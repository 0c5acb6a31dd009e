package dev.annals.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.devstack.auth.BadTokens;
import dev.annals.system.badinput.BadRequest;
import dev.annals.system.badinput.BadRequests;
import dev.annals.system.badinput.Targets;
import dev.annals.system.support.Http;
import dev.annals.system.support.Seeds;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import dev.annals.system.support.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 6, first half: a generated corpus of bad requests to every service, each answered with a 4xx
 * {@code application/problem+json}, none with a 5xx, and not one event written anywhere.
 */
@Order(2)
@ExtendWith(SystemExtension.class)
class BadInputIT {

    private static final int REQUESTS = 5_200;
    private static final int SENDERS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyBadRequestGetsA4xxProblemAndNoEventIsWritten(TheSystem system) throws Exception {
        Http http = system.http();
        Targets targets = targets(system, http);
        Topics topics = new Topics(system.endpoints().kafkaBootstrapServers());
        Map<TopicPartition, Long> before = topics.endOffsets(BadInputIT::isEventsTopic);
        List<BadRequest> corpus = BadRequests.corpus(targets, Seeds.seed(system.summary()), REQUESTS);

        List<String> wrong = new CopyOnWriteArrayList<>();
        Map<String, LongAdder> byCategory = new ConcurrentHashMap<>();
        Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> sent = corpus.stream().<Future<?>>map(request -> senders.submit(() -> {
                String verdict = verdict(http, request, byStatus);
                byCategory.computeIfAbsent(request.category(), c -> new LongAdder()).increment();
                if (verdict != null) {
                    wrong.add(verdict);
                }
            })).toList();
            for (Future<?> request : sent) {
                request.get();
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(wrong).as("answers that are not a 4xx problem (of " + corpus.size() + ")").isEmpty();
        Map<TopicPartition, Long> after = topics.endOffsets(BadInputIT::isEventsTopic);
        assertThat(after).as("end offsets of every events topic").isEqualTo(before);
        system.summary().checked(corpus.size() + 1L);
        system.summary().line("bad input: " + corpus.size() + " requests in " + byCategory.size()
                + " categories, answers by status " + new TreeMap<>(counts(byStatus)) + "; events topics unchanged");
    }

    /**
     * The bad-token corpus against every kind of endpoint of every service (a command, a classic trading route, a
     * read, a history, the admin endpoints): every answer 401 with its challenge, and with a valid token that lacks
     * the role, 403; never anything written.
     */
    @Test
    void everyBadTokenIsRefusedWith401AndAMissingRoleWith403(TheSystem system) throws Exception {
        Http http = system.http();
        Targets targets = targets(system, http);
        Topics topics = new Topics(system.endpoints().kafkaBootstrapServers());
        Map<TopicPartition, Long> before = topics.endOffsets(BadInputIT::isEventsTopic);
        String command = system.commandUrls().get(1);
        // each endpoint, its body, and what a valid token without a role its rule names gets: 403, or 200 where
        // the rule is any caller's (a read by id: this shows the token itself is fine), or nothing (a command any
        // caller may send would write)
        Map<String, String> endpoints = new LinkedHashMap<>();
        Map<String, Integer> withoutTheRole = new LinkedHashMap<>();
        endpoints.put("POST " + command + "/api/bank-account/" + targets.account() + "/withdraw", "{\"amount\":1}");
        withoutTheRole.put("POST " + command + "/api/bank-account/" + targets.account() + "/withdraw", 403);
        endpoints.put("POST " + command + "/buy/zoe/101", "");
        endpoints.put("GET " + system.queryUrl() + "/api/bank/accounts/" + targets.account(), "");
        withoutTheRole.put("GET " + system.queryUrl() + "/api/bank/accounts/" + targets.account(), 200);
        endpoints.put("GET " + system.queryUrl() + "/api/bank/accounts", "");
        withoutTheRole.put("GET " + system.queryUrl() + "/api/bank/accounts", 403);
        endpoints.put("GET " + system.queryUrl() + "/api/bank-account/" + targets.account() + "/events", "");
        withoutTheRole.put("GET " + system.queryUrl() + "/api/bank-account/" + targets.account() + "/events", 200);
        endpoints.put("POST " + system.projectionAdminUrl() + "/admin/projections/bank-accounts/rebuild", "");
        withoutTheRole.put("POST " + system.projectionAdminUrl() + "/admin/projections/bank-accounts/rebuild", 403);

        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            String[] methodAndUrl = endpoint.getKey().split(" ", 2);
            Map<String, Optional<String>> corpus = BadTokens.corpus(system.tokens(), Set.of("customer", "teller",
                    "admin"));
            if (withoutTheRole.containsKey(endpoint.getKey())) { // an auditor: no role these rules name
                corpus.put("valid token without the role", Optional.of(system.bearer("ann", Set.of("auditor"))));
            }
            for (Map.Entry<String, Optional<String>> token : corpus.entrySet()) {
                Map<String, String> headers = new LinkedHashMap<>(json());
                headers.put("Authorization", token.getValue().orElse(Http.NO_AUTHORIZATION));
                Http.Answer answer = http.send(methodAndUrl[0], methodAndUrl[1], endpoint.getValue().isEmpty()
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(endpoint.getValue()), headers);
                sent++;
                int expected = token.getKey().equals("valid token without the role")
                        ? withoutTheRole.get(endpoint.getKey()) : 401;
                boolean right = answer.status() == expected && (expected == 200
                        || answer.contentType().startsWith("application/problem+json")
                        && answer.header("www-authenticate").orElse("").startsWith("Bearer realm=\"annals\""));
                if (!right) {
                    wrong.add(endpoint.getKey() + " with " + token.getKey() + ": expected " + expected + ", got "
                            + answer);
                }
            }
        }

        assertThat(wrong).as("answers to bad tokens that are not the expected refusal").isEmpty();
        assertThat(topics.endOffsets(BadInputIT::isEventsTopic)).as("end offsets of every events topic")
                .isEqualTo(before);
        system.summary().checked(sent);
        system.summary().line("bad tokens: " + sent + " requests to " + endpoints.size() + " endpoints of the three "
                + "services: every bad token refused 401, a valid one without the role 403 (200 where any caller may "
                + "read); events topics unchanged");
    }

    /** Null when the answer is right: a 4xx problem whose body names the same status. */
    private static String verdict(Http http, BadRequest request, Map<Integer, LongAdder> byStatus) {
        Http.Answer answer;
        try {
            answer = http.send(request.method(), request.url(), request.body().isEmpty()
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(request.body()),
                    request.headers());
        } catch (IOException | IllegalArgumentException e) {
            return request + " -> no answer: " + e;
        }
        byStatus.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
        if (answer.status() < 400 || answer.status() >= 500
                || !answer.contentType().startsWith("application/problem+json")) {
            return request + " -> " + answer;
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem.path("status").asInt() != answer.status() || problem.path("title").asText().isEmpty()) {
                return request + " -> a problem without its status or title: " + answer;
            }
        } catch (IOException e) {
            return request + " -> a problem body that is not JSON: " + answer;
        }
        return null;
    }

    private static Map<Integer, Long> counts(Map<Integer, LongAdder> byStatus) {
        Map<Integer, Long> counts = new TreeMap<>();
        byStatus.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    private static boolean isEventsTopic(String topic) {
        return topic.startsWith("annals.") && topic.endsWith(".events");
    }

    /** One aggregate of each domain that exists, so that a wrongly accepted request would write an event. */
    private static Targets targets(TheSystem system, Http http) throws IOException {
        String command = system.commandUrls().get(0);
        String run = Long.toHexString(System.nanoTime());
        String account = "bad-input-" + run;
        String book = "bad-input-" + run;
        require(http.post(command + "/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", json()));
        require(http.post(command + "/api/bank-account/" + account + "/deposit", "{\"amount\":1000}", json()));
        String cart = JSON.readTree(require(http.post(command + "/api/cart/create", "{\"customerId\":\""
                + TheSystem.CALLER + "\"}", json())).body()).path("id").asText();
        String order = JSON.readTree(require(http.post(command + "/api/food-order/create",
                "{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":1}}", json())).body())
                .path("id").asText();
        require(http.post(command + "/api/order-book/" + book + "/buy", "{\"userId\":\"bob\",\"price\":10}", json()));
        return new Targets(system.commandUrls(), system.queryUrl(), account, cart, order, book);
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static Http.Answer require(Http.Answer answer) {
        assertThat(answer.status()).as("setting up: " + answer).isIn(200, 201);
        return answer;
    }
}
