package dev.annals.system;

import dev.annals.core.envelope.EventHeaders;
import dev.annals.system.support.Http;
import dev.annals.system.support.Seeds;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import dev.annals.system.support.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * payment-service killed with SIGKILL while it takes payments under load, then started again: afterwards every
 * initiated payment has exactly one decision — one PaymentConfirmed or one PaymentFailed after its
 * PaymentInitiated, none twice, none missing — checked against the events topic, as any client could read it.
 * The simulated provider of the system declines a fifth of the charges, never answers a tenth and approves a tenth
 * late (3 s after the first ask, the service waiting a second each time it asks), so the crash meets charges
 * answered, declined, waited for and asked about again; afterwards every charge the provider approved is either
 * kept for a confirmed payment or refunded, counted against the provider's own ledger.
 */
@Order(6)
@ExtendWith(SystemExtension.class)
class PaymentsCrashIT {

    private static final int ORDERS = 120;
    private static final int CLIENTS = 4;
    private static final Duration DECIDED = Duration.ofMinutes(3);
    private static final String EVENTS = dev.annals.core.topic.Topics.events("food-order");

    @Test
    void every_initiated_payment_gets_exactly_one_decision_across_a_kill_9(TheSystem system) throws Exception {
        Http http = system.http();
        Random random = new Random(Seeds.seed(system.summary()));
        String run = Long.toHexString(System.nanoTime());
        List<String> orders = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> placed = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                String order = "pay-" + run + "-" + i;
                String command = system.commandUrls().get(random.nextInt(system.commandUrls().size()));
                placed.add(clients.submit(() -> placeAndPay(http, command, order)));
                if (i == ORDERS / 3) {
                    // the first third is being decided: the service dies in the middle of it, under load
                    List<String> early = orders(placed.subList(0, i));
                    await("payment-service deciding").atMost(DECIDED)
                            .until(() -> decisions(system, early).size() >= early.size() / 4);
                    system.killPayments();
                    system.startPayments();
                }
            }
            orders.addAll(orders(placed));
        } finally {
            clients.shutdownNow();
        }

        Map<String, List<String>> decided = await("every payment decided").atMost(DECIDED)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> paymentEvents(system, orders), events -> events.values().stream()
                        .allMatch(list -> list.size() >= 2));
        Map<String, List<String>> settled = paymentEvents(system, orders);
        for (String order : orders) {
            List<String> events = settled.get(order);
            assertThat(events).as("the payment events of %s", order).hasSize(2);
            assertThat(events.get(0)).as(order).isEqualTo("PaymentInitiated");
            assertThat(events.get(1)).as(order).isIn("PaymentConfirmed", "PaymentFailed");
        }
        long confirmed = settled.values().stream().filter(events -> events.get(1).equals("PaymentConfirmed")).count();
        reconciledWithTheProvider(system, settled);
        system.summary().line("payments: " + orders.size() + " initiated, " + confirmed + " confirmed, "
                + (orders.size() - confirmed) + " failed, each exactly once across a kill -9 of payment-service,"
                + " every charge the provider approved confirmed or refunded");
        // a fifth declined and a tenth unanswered, by the keys' hashes: some of each kind, not all of one
        assertThat(confirmed).isBetween(1L, (long) orders.size() - 1);
        assertThat(decided).hasSize(orders.size());
    }

    /**
     * What the provider did, from its own ledger: every charge it approved is kept (the order's payment confirmed,
     * exactly one charge of it) or refunded (a failed order keeps none) — late approvals and charges given up
     * included. A refund may come a little after the decision it follows, so this is awaited.
     */
    private static void reconciledWithTheProvider(TheSystem system, Map<String, List<String>> settled) {
        await("every approved charge confirmed or refunded").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    Map<String, String> approved = new LinkedHashMap<>(); // charge key -> order
                    Set<String> refunded = new HashSet<>();
                    for (String line : system.paymentLedger()) {
                        String[] step = line.split(" ");
                        switch (step[0]) {
                            case "APPROVED" -> approved.put(step[1], step[2]);
                            case "REFUNDED" -> refunded.add(step[1]);
                            default -> { }
                        }
                    }
                    for (var order : settled.entrySet()) {
                        List<String> kept = approved.entrySet().stream()
                                .filter(charge -> charge.getValue().equals(order.getKey()))
                                .map(Map.Entry::getKey).filter(key -> !refunded.contains(key)).toList();
                        boolean paid = order.getValue().get(1).equals("PaymentConfirmed");
                        assertThat(kept).as("charges the provider approved and kept for %s (%s)", order.getKey(),
                                order.getValue().get(1)).hasSize(paid ? 1 : 0);
                    }
                });
        long cancelled = system.paymentLedger().stream().filter(line -> line.startsWith("CANCELLED")).count();
        long refunded = system.paymentLedger().stream().filter(line -> line.startsWith("REFUNDED")).count();
        system.summary().line("payment provider: " + cancelled + " charges cancelled when given up, " + refunded
                + " refunded");
    }

    /** Creates the order and initiates its payment, each command retried until answered; answers its id. */
    private static String placeAndPay(Http http, String command, String order) throws IOException {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        retried(() -> http.post(command + "/api/food-order/" + order + "/create",
                "{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":1}}",
                idempotent(json, order + "-create")));
        retried(() -> http.post(command + "/api/food-order/" + order + "/initiate-payment",
                "{\"paymentData\":\"card of " + order + "\"}", idempotent(json, order + "-pay")));
        return order;
    }

    private interface Call {
        Http.Answer send() throws IOException;
    }

    /** A 2xx, after as many retries of a 503 or 504 as it takes (the key makes each retry safe). */
    private static void retried(Call call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Http.Answer answer = call.send();
            if (answer.status() / 100 == 2) {
                return;
            }
            if ((answer.status() != 503 && answer.status() != 504) || attempt == 20) {
                throw new IllegalStateException("not accepted: " + answer);
            }
        }
    }

    private static Map<String, String> idempotent(Map<String, String> headers, String key) {
        Map<String, String> with = new LinkedHashMap<>(headers);
        with.put("Idempotency-Key", key);
        return with;
    }

    private static List<String> orders(List<Future<String>> placed) throws Exception {
        List<String> orders = new ArrayList<>();
        for (Future<String> order : placed) {
            orders.add(order.get());
        }
        return orders;
    }

    /** The orders among {@code orders} whose payment has a decision in the log. */
    private static List<String> decisions(TheSystem system, List<String> orders) {
        return paymentEvents(system, orders).entrySet().stream()
                .filter(entry -> entry.getValue().size() >= 2).map(Map.Entry::getKey).toList();
    }

    /** The payment events of each order, in the order of its log. */
    private static Map<String, List<String>> paymentEvents(TheSystem system, List<String> orders) {
        Map<String, List<String>> events = new LinkedHashMap<>();
        orders.forEach(order -> events.put(order, new ArrayList<>()));
        for (ConsumerRecord<byte[], byte[]> record : new Topics(system.endpoints().kafkaBootstrapServers())
                .readAll(EVENTS)) {
            String order = new String(record.key(), StandardCharsets.UTF_8);
            List<String> ofOrder = events.get(order);
            var type = record.headers().lastHeader(EventHeaders.TYPE);
            if (ofOrder != null && type != null) {
                String name = new String(type.value(), StandardCharsets.UTF_8).replace("food-order.", "");
                if (name.startsWith("Payment")) {
                    ofOrder.add(name);
                }
            }
        }
        return events;
    }
}
