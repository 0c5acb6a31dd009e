package dev.annals.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.system.orderbook.BookLog;
import dev.annals.system.support.Http;
import dev.annals.system.support.Http.Answer;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retry after many other keyed commands on one aggregate: the classic {@code /buy} and {@code /sell} routes all
 * act on the one default book, which a busy market rewrites many times a second. The retry, through the other
 * replica, must get the first answer and place nothing — the answers used to be the book's last 100 keys, and a
 * retry after a 504 placed the order twice.
 */
@Order(4)
@ExtendWith(SystemExtension.class)
class IdempotencyWindowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OTHERS = 150;

    @Test
    void aRetryAfterManyOtherKeyedCommandsOnTheBookGetsItsFirstAnswerThroughTheOtherReplica(TheSystem system)
            throws Exception {
        Http http = system.http();
        List<String> replicas = system.commandUrls();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String buyer = "buyer-" + run;
        Map<String, String> key = Map.of("Idempotency-Key", "buy-" + run);

        Answer first = http.post(replicas.get(0) + "/buy/" + buyer + "/1", "", key);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).at("/events/0/type").asText()).isEqualTo("OrderRested");
        String lastToken = null;
        for (int i = 0; i < OTHERS; i++) {
            Answer other = http.post(replicas.get(i % 2) + "/sell/seller-" + run + "-" + i + "/" + (1_000_000 + i),
                    "", Map.of("Idempotency-Key", "sell-" + run + "-" + i));
            assertThat(other.status()).as(other.toString()).isEqualTo(200);
            lastToken = other.header("Annals-Consistency-Token").orElseThrow();
        }

        Answer retry = http.post(replicas.get(1) + "/buy/" + buyer + "/1", "", key);

        assertThat(retry.status()).isEqualTo(first.status());
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Annals-Consistency-Token")).isEqualTo(first.header("Annals-Consistency-Token"));
        assertThat(BookLog.of(system.endpoints().kafkaBootstrapServers(), "default")).as("the buyer's orders in the log")
                .filteredOn(event -> event.type().equals("OrderRested")
                        && event.data().path("userId").asText().equals(buyer)).hasSize(1);
        Answer book = http.get(system.queryUrl() + "/orderbook", Map.of("Annals-Consistency-Token", lastToken));
        assertThat(book.status()).as(book.toString()).isEqualTo(200);
        JsonNode bids = JSON.readTree(book.body()).get("bids");
        long resting = 0;
        for (JsonNode bid : bids) {
            resting += bid.get("userId").asText().equals(buyer) ? 1 : 0;
        }
        assertThat(resting).as("the buyer's resting bids").isEqualTo(1);
        system.summary().checked(4);
        system.summary().line("idempotency window: a retry after " + OTHERS + " other keyed commands on the default"
                + " book, through the other replica, got its first answer");
    }
}
