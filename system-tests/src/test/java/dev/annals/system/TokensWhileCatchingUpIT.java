package dev.annals.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.system.support.Http;
import dev.annals.system.support.Http.Answer;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads with consistency tokens while a projection works off a backlog of commands of two events: on a full
 * book, a buy rests and drops the lowest bid ({@code OrderRested} + {@code OrderDropped}). Whatever batch the
 * projection is at when a read is let through, the book has at most 100 bids — a state with 101 is half a command,
 * which the domain never has — and it holds the read's own order or a better book.
 */
@Order(5)
@ExtendWith(SystemExtension.class)
class TokensWhileCatchingUpIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAP = 100;
    private static final int BACKLOG = 350;
    private static final int READERS = 8;

    @Test
    void noReadWithATokenSeesHalfACommandWhileTheProjectionCatchesUp(TheSystem system) throws Exception {
        Http http = system.http();
        List<String> replicas = system.commandUrls();
        String bookId = "catch-up-" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> bidPrices = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            place(http, replicas.get(0), bookId, "buy", "b" + i, 100 + i);
            bidPrices.add(100L + i);
        }

        system.killProjections();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            // mostly a buy that rests and drops the lowest bid (two events); now and then a sell far above every
            // bid, which rests alone (one event), so that batches of the backlog end anywhere in a command
            String replica = replicas.get(i % 2);
            Answer answer;
            if (i % 7 == 3) {
                answer = place(http, replica, bookId, "sell", "s" + i, 10_000_000 + i);
            } else {
                answer = place(http, replica, bookId, "buy", "c" + i, 1_000 + i);
                bidPrices.add(1_000L + i);
            }
            tokens.add(answer.header("Annals-Consistency-Token").orElseThrow());
        }

        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (String token : tokens) {
                reads.add(readers.submit(() -> {
                    Answer read = http.get(system.queryUrl() + "/api/order-books/" + bookId,
                            Map.of("Annals-Consistency-Token", token));
                    JsonNode bids = JSON.readTree(read.body()).get("bids");
                    if (read.status() != 200 || bids.size() > CAP) {
                        wrong.add(read.status() + " with " + (bids == null ? "no" : bids.size()) + " bids");
                    }
                    return null;
                }));
            }
            system.startProjections(); // the readers wait meanwhile, and are let through batch by batch
            for (Future<?> read : reads) {
                read.get();
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(wrong).as("reads with a token that saw a state the domain never has").isEmpty();

        Answer last = http.get(system.queryUrl() + "/api/order-books/" + bookId,
                Map.of("Annals-Consistency-Token", tokens.get(tokens.size() - 1)));
        List<Long> prices = new ArrayList<>();
        JSON.readTree(last.body()).get("bids").forEach(bid -> prices.add(bid.get("price").asLong()));
        List<Long> highest = bidPrices.stream().sorted(Collections.reverseOrder()).limit(CAP).toList();
        assertThat(prices).as("the book keeps the 100 highest bids placed, best first").isEqualTo(highest);
        system.summary().checked(tokens.size() + 1L);
        system.summary().line("tokens while catching up: " + tokens.size() + " reads with a token during a "
                + "backlog of commands of one and two events, none saw half a command");
    }

    private static Answer place(Http http, String replica, String book, String side, String user, long price)
            throws Exception {
        Answer answer = http.post(replica + "/api/order-book/" + book + "/" + side,
                "{\"userId\":\"" + user + "\",\"price\":" + price + "}", Map.of("Content-Type", "application/json"));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer;
    }
}
