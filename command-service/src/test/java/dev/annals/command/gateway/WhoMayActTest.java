package dev.annals.command.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.command.testing.EventLog;
import dev.annals.core.envelope.EventEnvelope;
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
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example domain decides who may act, through the server-filled caller and the configured roles: a customer
 * cannot trade as another user, place an order in another's name, accept it as a restaurant, deliver it, or guess
 * its delivery code more than three times; nor fill another's cart. Each refusal writes nothing (or, for a wrong
 * code, only that it was refused), and the party whose step it is succeeds.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class WhoMayActTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ANN = bearer("ann", "customer");
    private static final String TESS = bearer("tess", "customer");
    private static final String BROKER = bearer("bea", "broker");
    private static final String RITA = bearer("rita", "restaurant", "restaurant:pizzeria");
    private static final String OTTO = bearer("otto", "restaurant", "restaurant:trattoria");
    private static final String DAVE = bearer("dave", "deliverer");
    private static final String DORA = bearer("dora", "deliverer");
    private static final String SUPPORT = bearer("sam", "support");
    private static final String PAYMENTS = bearer("payment-service", "payments");

    @Test
    void a_customer_trades_only_as_herself_and_a_broker_for_anyone() {
        String book = "book-" + UUID.randomUUID();
        long before = EventLog.endOffsets("order-book");

        Answer classic = post("/buy/tess/1", "", ANN);
        Answer generic = post("/api/order-book/" + book + "/sell", "{\"userId\":\"tess\",\"price\":5}", ANN);

        assertThat(classic.status()).isEqualTo(409);
        assertThat(classic.code()).isEqualTo("NOT_YOUR_ORDER");
        assertThat(generic.code()).isEqualTo("NOT_YOUR_ORDER");
        assertThat(EventLog.endOffsets("order-book")).isEqualTo(before);
        assertThat(post("/api/order-book/" + book + "/sell", "{\"userId\":\"ann\",\"price\":5}", ANN).status())
                .isEqualTo(200);
        Answer brokered = post("/api/order-book/" + book + "/buy", "{\"userId\":\"tess\",\"price\":5}", BROKER);
        assertThat(brokered.status()).isEqualTo(200);
        assertThat(brokered.json().at("/events/0/data/buyerId").asText()).isEqualTo("tess");
        assertThat(EventLog.of("order-book", book)).extracting(EventEnvelope::principal)
                .map(principal -> principal.orElseThrow()).containsExactly("ann", "bea");
    }

    @Test
    void each_step_of_a_food_order_is_taken_by_its_party_only() {
        String order = "/api/food-order/order-" + UUID.randomUUID();
        String placed = "{\"userId\":\"tess\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":1}}";
        assertThat(post(order + "/create", placed, ANN).code()).isEqualTo("NOT_ORDER_CUSTOMER");
        Answer created = post(order + "/create", placed.replace("tess", "ann"), ANN);
        assertThat(created.status()).isEqualTo(200);
        String code = created.json().at("/events/0/data/deliveryCode").asText();

        // another customer, and another restaurant's staff below, are answered as if there were no such order
        Answer tesss = post(order + "/initiate-payment", "{\"paymentData\":\"card\"}", TESS);
        assertAnsweredAsMissing(tesss, "/api/food-order/", "initiate-payment", "{\"paymentData\":\"card\"}", TESS);
        assertThat(post(order + "/initiate-payment", "{\"paymentData\":\"card\"}", ANN).status()).isEqualTo(200);
        // a customer does not confirm her own payment: the role rule (403), and the decider's own rule besides
        assertThat(post(order + "/confirm-payment", "{}", ANN).status()).isEqualTo(403);
        assertThat(post(order + "/confirm-payment", "{}", PAYMENTS).status()).isEqualTo(200);

        String accept = "{\"restaurantId\":\"pizzeria\",\"prepareMinutes\":10}";
        assertThat(post(order + "/accept", accept, ANN).status()).isEqualTo(403);
        assertAnsweredAsMissing(post(order + "/accept", accept, OTTO), "/api/food-order/", "accept", accept, OTTO);
        // whatever precondition it sends: a version conflict would tell the order's version
        assertThat(post(order + "/accept", accept, OTTO, "If-Match", "\"0\"").code()).isEqualTo("ORDER_NOT_FOUND");
        assertThat(post(order + "/accept", accept, RITA).status()).isEqualTo(200);

        assertThat(post(order + "/start-delivery", "{\"delivererId\":\"ann\"}", ANN).status()).isEqualTo(403);
        assertThat(post(order + "/start-delivery", "{\"delivererId\":\"dora\"}", DAVE).code())
                .isEqualTo("NOT_THE_DELIVERER");
        assertThat(post(order + "/start-delivery", "{\"delivererId\":\"dora\"}", DAVE).json().get("version")
                .asLong()).as("as for an order that does not exist").isZero();
        assertThat(post(order + "/start-delivery", "{\"delivererId\":\"dave\"}", DAVE).status()).isEqualTo(200);

        assertThat(post(order + "/complete-delivery", "{\"deliveryCode\":\"" + code + "\"}", ANN).status())
                .isEqualTo(403);
        assertThat(post(order + "/complete-delivery", "{\"deliveryCode\":\"" + code + "\"}", DAVE).status())
                .isEqualTo(200);
        assertThat(post(order + "/mark-delivered", "{}", DAVE).status()).isEqualTo(200);
    }

    @Test
    void wrong_delivery_codes_are_refused_recorded_and_lock_the_code_after_three() {
        OrderInDelivery delivering = orderInDelivery();
        String id = delivering.id();
        String order = delivering.path();
        String code = delivering.code();
        String wrong = code.equals("01") ? "02" : "01";

        Answer first = post(order + "/complete-delivery", "{\"deliveryCode\":\"" + wrong + "\"}", DAVE);
        assertThat(first.status()).isEqualTo(409);
        assertThat(first.code()).isEqualTo("WRONG_DELIVERY_CODE");
        assertThat(first.json().get("detail").asText()).contains("2 tries are left");
        assertThat(first.json().get("version").asLong()).isEqualTo(6);
        assertThat(first.json().at("/events/0/type").asText()).isEqualTo("DeliveryCodeRefused");
        assertThat(first.token()).as("a recorded refusal has a consistency token").isNotNull();
        post(order + "/complete-delivery", "{\"deliveryCode\":\"" + wrong + "\"}", DAVE);
        Answer third = post(order + "/complete-delivery", "{\"deliveryCode\":\"" + wrong + "\"}", DAVE);
        assertThat(third.json().get("detail").asText()).contains("locked");

        Answer right = post(order + "/complete-delivery", "{\"deliveryCode\":\"" + code + "\"}", DAVE);
        assertThat(right.code()).isEqualTo("DELIVERY_CODE_LOCKED");
        assertThat(EventLog.of("food-order", id)).extracting(EventEnvelope::eventType).containsExactly(
                "OrderCreated", "PaymentInitiated", "PaymentConfirmed", "OrderAccepted", "DeliveryStarted",
                "DeliveryCodeRefused", "DeliveryCodeRefused", "DeliveryCodeRefused");
    }

    @Test
    void a_retried_wrong_code_is_answered_again_not_counted_again() {
        OrderInDelivery delivering = orderInDelivery();
        String wrong = "{\"deliveryCode\":\"" + (delivering.code().equals("01") ? "02" : "01") + "\"}";

        Answer first = post(delivering.path() + "/complete-delivery", wrong, DAVE, "Idempotency-Key", "hand-over-1");
        Answer retry = post(delivering.path() + "/complete-delivery", wrong, DAVE, "Idempotency-Key", "hand-over-1");

        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(EventLog.of("food-order", delivering.id())).filteredOn(event -> event.eventType().equals("DeliveryCodeRefused"))
                .hasSize(1);
    }

    @Test
    void only_its_customer_changes_a_cart() {
        String cart = "/api/cart/cart-" + UUID.randomUUID();
        assertThat(post(cart + "/create", "{\"customerId\":\"tess\"}", ANN).code()).isEqualTo("NOT_CART_CUSTOMER");
        assertThat(post(cart + "/create", "{\"customerId\":\"ann\"}", ANN).status()).isEqualTo(200);

        String item = "{\"sku\":\"apple\",\"quantity\":1,\"unitPrice\":5}";
        assertAnsweredAsMissing(post(cart + "/add-item", item, TESS), "/api/cart/", "add-item", item, TESS);
        assertAnsweredAsMissing(post(cart + "/complete-purchase", "{}", TESS), "/api/cart/", "complete-purchase", "{}",
                TESS);
        assertThat(post(cart + "/add-item", "{\"sku\":\"apple\",\"quantity\":1,\"unitPrice\":5}", ANN).status())
                .isEqualTo(200);
    }

    /**
     * A refusal that tells a caller nothing of an aggregate she may not act on: word for word what she is answered
     * for one that does not exist (the id aside) — the same code, detail, version and ETag.
     */
    private static void assertAnsweredAsMissing(Answer answer, String typePath, String command, String json,
                                                String authorization) {
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.code()).endsWith("_NOT_FOUND");
        assertSameAsMissing(answer, typePath, command, json, authorization);
    }

    /** {@code answer} is word for word the answer to the same request, headers and all, for an id nobody used. */
    private static void assertSameAsMissing(Answer answer, String typePath, String command, String json,
                                            String authorization, String... headers) {
        String missing = "missing-" + UUID.randomUUID();
        Answer none = post(typePath + missing + "/" + command, json, authorization, headers);
        String id = answer.json().path("id").asText();
        assertThat(answer.status()).as(answer.body()).isEqualTo(none.status());
        assertThat(answer.body()).isEqualTo(none.body().replace(missing, id));
        assertThat(answer.etag()).isEqualTo(none.etag());
    }

    @Test
    void a_stranger_learns_nothing_of_an_aggregate_from_a_precondition_a_key_or_a_retry() {
        String cartId = "cart-" + UUID.randomUUID();
        String cart = "/api/cart/" + cartId;
        post(cart + "/create", "{\"customerId\":\"ann\"}", ANN);
        String item = "{\"sku\":\"apple\",\"quantity\":1,\"unitPrice\":5}";
        assertThat(post(cart + "/add-item", item, ANN).status()).isEqualTo(200);

        // any If-Match, the cart's own version (2) included: answered as for a cart nobody created
        for (String version : new String[]{"\"0\"", "\"1\"", "\"2\"", "\"3\""}) {
            assertSameAsMissing(post(cart + "/add-item", item, TESS, "If-Match", version), "/api/cart/", "add-item",
                    item, TESS, "If-Match", version);
        }
        // a key used again with another body is decided again, as for a missing cart: not "reused", with a version
        String key = "probe-" + UUID.randomUUID();
        post(cart + "/add-item", item, TESS, "Idempotency-Key", key);
        String other = item.replace("apple", "pear");
        assertSameAsMissing(post(cart + "/add-item", other, TESS, "Idempotency-Key", key), "/api/cart/", "add-item",
                other, TESS, "Idempotency-Key", key);

        // a taken id is told as taken, not how far its aggregate is
        for (String[] headers : new String[][]{{}, {"If-Match", "\"0\""}}) {
            Answer taken = post(cart + "/create", "{\"customerId\":\"tess\"}", TESS, headers);
            assertThat(taken.code()).isEqualTo("ALREADY_EXISTS");
            assertThat(taken.json().has("version")).as(taken.body()).isFalse();
            assertThat(taken.etag()).isNull();
        }
    }

    @Test
    void a_deliverer_learns_of_no_order_but_those_offered_to_her_and_her_own() {
        OrderInDelivery delivering = orderInDelivery();
        String code = "{\"deliveryCode\":\"" + delivering.code() + "\"}";

        for (String command : new String[]{"complete-delivery", "mark-delivered"}) {
            String body = command.equals("mark-delivered") ? "{}" : code;
            assertAnsweredAsMissing(post(delivering.path() + "/" + command, body, DORA), "/api/food-order/", command,
                    body, DORA);
        }
        String dora = "{\"delivererId\":\"dora\"}";
        assertAnsweredAsMissing(post(delivering.path() + "/start-delivery", dora, DORA), "/api/food-order/",
                "start-delivery", dora, DORA);
        // a rule of the caller alone is told her, as for an order that does not exist
        assertSameAsMissing(post(delivering.path() + "/start-delivery", dora, DAVE), "/api/food-order/",
                "start-delivery", dora, DAVE);
        assertThat(post(delivering.path() + "/complete-delivery", code, DAVE).status()).isEqualTo(200);
    }

    @Test
    void the_delivery_code_in_an_answer_is_the_customers_alone() {
        String placed = "{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":1}}";
        Answer bySupport = post("/api/food-order/order-" + UUID.randomUUID() + "/create", placed, SUPPORT);
        Answer byAnn = post("/api/food-order/order-" + UUID.randomUUID() + "/create", placed, ANN);

        assertThat(bySupport.status()).isEqualTo(200);
        assertThat(bySupport.json().at("/events/0/data/userId").asText()).isEqualTo("ann");
        assertThat(bySupport.json().at("/events/0/data").has("deliveryCode")).as(bySupport.body()).isFalse();
        assertThat(byAnn.json().at("/events/0/data/deliveryCode").asText()).matches("[0-9]{2}");
    }

    /** An order ann placed and paid, which the pizzeria accepted and dave is delivering. */
    private record OrderInDelivery(String id, String path, String code) {
    }

    private static OrderInDelivery orderInDelivery() {
        String id = "order-" + UUID.randomUUID();
        String order = "/api/food-order/" + id;
        String code = post(order + "/create", "{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\","
                + "\"items\":{\"margherita\":1}}", ANN).json().at("/events/0/data/deliveryCode").asText();
        post(order + "/initiate-payment", "{\"paymentData\":\"card\"}", ANN);
        post(order + "/confirm-payment", "{}", PAYMENTS);
        post(order + "/accept", "{\"restaurantId\":\"pizzeria\",\"prepareMinutes\":10}", RITA);
        assertThat(post(order + "/start-delivery", "{\"delivererId\":\"dave\"}", DAVE).status()).isEqualTo(200);
        return new OrderInDelivery(id, order, code);
    }

    private record Answer(int status, String body, String token, String etag) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String code() {
            return json().path("code").asText(null);
        }
    }

    private static String bearer(String subject, String... roles) {
        return TestTokens.bearer(subject, Set.of(roles));
    }

    private static Answer post(String path, String json, String authorization, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + path))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Annals-Consistency-Token").orElse(null),
                    response.headers().firstValue("ETag").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
