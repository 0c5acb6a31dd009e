package dev.annals.system.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.system.support.Http;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Sends a bank command the way a careful client does: with an Idempotency-Key, to either command-service replica,
 * and, when the answer leaves the outcome open (503, 504, no answer at all), again with the same key until it
 * gets a definitive one. The answers go to the {@link Ledger}.
 */
public final class BankClient {

    /** How long one command may stay unresolved: longer than any fault a test injects, plus recovery. */
    static final Duration RESOLVE_WITHIN = Duration.ofSeconds(150);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http;
    private final List<String> commandUrls;
    private final Ledger ledger;
    private final Random random;

    public BankClient(Http http, List<String> commandUrls, Ledger ledger, Random random) {
        this.http = http;
        this.commandUrls = commandUrls;
        this.ledger = ledger;
        this.random = random;
    }

    /** Sends until definitive, records and returns the answer; empty if the outcome stayed open (a problem). */
    public Optional<Answered> send(BankCommand command) {
        long deadline = System.nanoTime() + RESOLVE_WITHIN.toNanos();
        int replica = random.nextInt(commandUrls.size());
        long backoffMillis = 50;
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            try {
                Http.Answer answer = http.post(commandUrls.get(replica) + command.path(), command.body(),
                        Map.of("Content-Type", "application/json", "Idempotency-Key", command.key()));
                if (answer.status() == 200 || answer.status() == 409) {
                    Answered answered = new Answered(command, answer.status(), JSON.readTree(answer.body()),
                            answer.header("Annals-Consistency-Token"), attempt);
                    ledger.record(answered);
                    return Optional.of(answered);
                }
                if (answer.status() != 503 && answer.status() != 504) {
                    ledger.problem(command + " answered " + answer);
                    return Optional.empty();
                }
                ledger.transientAnswer();
            } catch (IOException e) {
                ledger.noAnswer();
            }
            // the next attempt goes to the other replica: the one that failed may be the one that is down
            replica = (replica + 1) % commandUrls.size();
            pause(backoffMillis);
            backoffMillis = Math.min(1000, backoffMillis * 2);
        }
        ledger.problem(command + " had no definitive answer within " + RESOLVE_WITHIN);
        return Optional.empty();
    }

    /**
     * Sends an accepted command again with its key: the answer must be the first one, word for word, and nothing
     * new may be written (which the invariants check in the log).
     */
    public void replay(Answered first) {
        Optional<Answered> again = send(first.command());
        if (again.isEmpty()) {
            return;
        }
        JsonNode body = again.get().body();
        if (again.get().status() != first.status() || !body.equals(first.body())
                || !again.get().token().equals(first.token())) {
            ledger.problem("the replay of " + first.command() + " answered " + again.get().status() + " " + body
                    + " " + again.get().token() + ", the first answer was " + first.status() + " " + first.body()
                    + " " + first.token());
            ledger.record(first); // the first answer is what the client acted on
        } else {
            ledger.replayed();
        }
    }

    // a client's backoff between retries, not a test waiting for a condition
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
