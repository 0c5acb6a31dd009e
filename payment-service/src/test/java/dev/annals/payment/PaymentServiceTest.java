package dev.annals.payment;

import dev.annals.core.envelope.EventHeaders;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.postgres.DatabaseSetup;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.devstack.testing.SharedServices;
import dev.annals.devstack.testing.TestTokens;
import dev.annals.domain.fooddelivery.FoodOrderType;
import dev.annals.payment.provider.ProviderLedger;
import dev.annals.payment.provider.SimulatedPaymentProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * payment-service as it runs, against the real command side (command-service as a process): an order's payment,
 * initiated through the API, is confirmed or failed by the service on its own.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "payments"))
class PaymentServiceTest {

    private static String commandService;

    @BeforeAll
    static void startTheCommandSide() {
        commandService = SharedServices.url("command-service");
    }

    @Test
    void an_approved_card_gets_the_payment_confirmed_by_itself() {
        String order = placeAndPay("card ending 4242");
        await().atMost(Duration.ofSeconds(60)).until(() -> eventsOf(order).contains("PaymentConfirmed"));
        assertThat(eventsOf(order)).containsExactly("OrderCreated", "PaymentInitiated", "PaymentConfirmed");
    }

    @Test
    void a_declined_card_gets_the_payment_failed() {
        String order = placeAndPay("card ending 0002");
        await().atMost(Duration.ofSeconds(60)).until(() -> eventsOf(order).contains("PaymentFailed"));
        assertThat(eventsOf(order)).containsExactly("OrderCreated", "PaymentInitiated", "PaymentFailed");
    }

    /**
     * A charge approved only after the service stopped waiting (card 0341: 2 s late, the service waits 500 ms) is
     * not failed: the payment stays pending, the provider is asked again under the same key, and the late approval
     * confirms it — the provider's ledger and the order agree.
     */
    @Test
    void a_late_approval_is_asked_for_again_and_confirms_the_payment() throws SQLException {
        String order = placeAndPay("card ending 0341");
        await().atMost(Duration.ofSeconds(60)).until(() -> steps(order).contains("unanswered"));
        assertThat(eventsOf(order)).as("no answer in time is not a failure").doesNotContain("PaymentFailed");
        await().atMost(Duration.ofSeconds(60)).until(() -> eventsOf(order).contains("PaymentConfirmed"));
        assertThat(eventsOf(order)).containsExactly("OrderCreated", "PaymentInitiated", "PaymentConfirmed");
        await().atMost(Duration.ofSeconds(30)).until(() -> steps(order).contains("confirmed"));
        assertThat(ledger(order)).containsExactly(ProviderLedger.Step.APPROVED);
    }

    /**
     * A charge the provider never answers: asked again three times, then the payment is failed and the charge
     * cancelled at the provider, so that no late approval can charge the customer for a failed order.
     */
    @Test
    void a_charge_never_answered_fails_the_payment_after_every_ask_and_is_cancelled() throws SQLException {
        String order = placeAndPay("card ending 0119");
        await().atMost(Duration.ofSeconds(60)).until(() -> eventsOf(order).contains("PaymentFailed"));
        assertThat(eventsOf(order)).containsExactly("OrderCreated", "PaymentInitiated", "PaymentFailed");
        await().atMost(Duration.ofSeconds(30)).until(() -> steps(order).contains("cancelled"));
        assertThat(steps(order)).as("asked once, then again three times: the last time, given up")
                .containsExactly("unanswered", "unanswered", "unanswered", "failed",
                "cancelled");
        assertThat(ledger(order)).containsExactly(ProviderLedger.Step.CANCELLED);
    }

    @Test
    void the_reactor_is_on_the_admin_endpoint_and_may_not_be_rebuilt() {
        String admin = TestTokens.bearer("root", Set.of("admin"));
        given().baseUri(Management.uri()).header("Authorization", admin)
                .get("/admin/projections").then().statusCode(200)
                .body("name", hasItem(PaymentsReactor.NAME))
                .body("find { it.name == 'payments' }.kind", is("REACTOR"));
        given().baseUri(Management.uri()).header("Authorization", admin)
                .post("/admin/projections/payments/rebuild").then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", is("NOT_REBUILDABLE"));
    }

    /**
     * Its database is its own: PostgreSQL lets every login connect to a new database, and the service closes it
     * at start; its own login still gets in. (The read-only role of query-service stands for any other login.)
     */
    @Test
    void its_database_is_closed_to_every_other_login() throws Exception {
        Endpoints endpoints = SharedInfrastructure.endpoints();
        String url = "jdbc:postgresql://" + endpoints.postgresHost() + ":" + endpoints.postgresPort() + "/"
                + DatabaseSetup.PAYMENTS_DATABASE;
        try (Connection own = DriverManager.getConnection(url, DatabaseSetup.PAYMENTS.username(),
                DatabaseSetup.PAYMENTS.password())) {
            assertThat(own.isValid(5)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, DatabaseSetup.READER.username(),
                DatabaseSetup.READER.password()).close())
                .isInstanceOfSatisfying(SQLException.class, refused -> assertThat(refused.getSQLState())
                        .as("insufficient_privilege: %s", refused.getMessage()).isEqualTo("42501"));
    }

    @Inject
    SimulatedPaymentProvider provider;

    /** What the provider did with the order's charges. */
    private List<ProviderLedger.Step> ledger(String order) {
        return provider.ledger().entries().stream().filter(entry -> entry.order().equals(order))
                .map(ProviderLedger.Entry::step).toList();
    }

    /** The payment steps the service recorded for the order, in order. */
    private static List<String> steps(String order) throws SQLException {
        Endpoints endpoints = SharedInfrastructure.endpoints();
        String url = "jdbc:postgresql://" + endpoints.postgresHost() + ":" + endpoints.postgresPort() + "/"
                + DatabaseSetup.PAYMENTS_DATABASE;
        List<String> steps = new ArrayList<>();
        try (Connection own = DriverManager.getConnection(url, DatabaseSetup.PAYMENTS.username(),
                DatabaseSetup.PAYMENTS.password());
             var query = own.prepareStatement("select step from payments.payment_steps where order_id = ?"
                     + " order by at")) {
            query.setString(1, order);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    steps.add(rows.getString(1));
                }
            }
        }
        return steps;
    }

    /** Creates an order and initiates its payment through command-service; answers the order's id. */
    private static String placeAndPay(String card) {
        String location = given().baseUri(commandService).contentType("application/json")
                .body("{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":1}}")
                .post("/api/food-order/create").then().statusCode(201).extract().header("Location");
        String order = location.substring(location.lastIndexOf('/') + 1);
        given().baseUri(commandService).contentType("application/json")
                .body("{\"paymentData\":\"" + card + "\"}")
                .post("/api/food-order/" + order + "/initiate-payment").then().statusCode(200);
        return order;
    }

    /** The names of the order's events in the log, in order. */
    private static List<String> eventsOf(String order) {
        List<String> names = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            String topic = Topics.events(FoodOrderType.NAME);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header type = record.headers().lastHeader(EventHeaders.TYPE);
                    if (order.equals(record.key()) && type != null) {
                        String name = new String(type.value(), StandardCharsets.UTF_8);
                        names.add(name.substring(name.indexOf('.') + 1));
                    }
                }
            }
        }
        return names;
    }
}
