package dev.annals.bench.figures;

import dev.annals.bench.http.Answer;
import dev.annals.bench.http.HttpLoad;
import dev.annals.bench.kafka.CommandBacklog;
import dev.annals.core.topic.Topics;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bank domain as the bench uses it: accounts {@code bench-0000000}…, deposits of one cent, the account's read
 * model. Its commands and reads are what the figures measure.
 */
public final class Bank {

    public static final String TYPE = "bank-account";
    /** The command processor's default application id, which is also its consumer group. */
    public static final String PROCESSOR_GROUP = "annals-command-processor";
    public static final String PROJECTION = "bank-accounts";
    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(10);

    private final BenchContext context;

    Bank(BenchContext context) {
        this.context = context;
    }

    public static String account(long n) {
        return String.format(Locale.ROOT, "bench-%07d", n);
    }

    /** One of the accounts the plan opened, at random: calls spread over them like independent users. */
    public String anyAccount() {
        return account(ThreadLocalRandom.current().nextInt(context.plan().accounts()));
    }

    public CompletionStage<Answer> deposit(HttpLoad http, String account) {
        return http.postJson(context.system().commandUrl() + "/api/" + TYPE + "/" + account + "/deposit",
                "{\"amount\":1}");
    }

    public CompletionStage<Answer> read(HttpLoad http, String account, Optional<String> token) {
        return http.get(context.system().queryUrl() + "/api/bank/accounts/" + account, token);
    }

    /** Opens accounts {@code from} (inclusive) to {@code to} through the commands topic, and waits for them. */
    public void open(long from, long to) {
        try (CommandBacklog backlog = new CommandBacklog(context.system().endpoints().kafkaBootstrapServers())) {
            for (long n = from; n < to; n++) {
                // straight to the commands topic, past the gateway: the caller it would fill in is written here
                backlog.send(TYPE, account(n), "open",
                        "{\"owner\":\"bench\",\"by\":{\"subject\":\"bench\",\"roles\":[\"teller\"]}}");
            }
            backlog.flush();
        }
        awaitProcessed();
    }

    /** Waits until the processor has decided every command written so far. */
    public void awaitProcessed() {
        context.kafka().awaitConsumed(PROCESSOR_GROUP, Topics.commands(TYPE), PROCESSING_TIMEOUT);
    }
}
