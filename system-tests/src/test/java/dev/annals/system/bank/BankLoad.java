package dev.annals.system.bank;

import dev.annals.system.support.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many clients doing random deposits and withdrawals on a few accounts at once, through both replicas: each
 * client sends one command at a time, a tenth of the accepted ones a second time with the same key. Bounded: it
 * stops after {@code limit} commands or when {@link #stop()} is called, whichever comes first.
 */
public final class BankLoad implements AutoCloseable {

    static final long OPENING_DEPOSIT = 500;
    private static final double REPLAY_SHARE = 0.1;

    private final BankAccounts accounts;
    private final Ledger ledger;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong started = new AtomicLong();
    private final ExecutorService clients;
    private final List<Future<?>> running = new ArrayList<>();

    private BankLoad(BankAccounts accounts, Ledger ledger, int clientCount) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.clients = Executors.newFixedThreadPool(clientCount, runnable -> {
            Thread thread = new Thread(runnable, "bank-client");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens the accounts (each with an opening deposit), then starts {@code clientCount} clients on them. */
    public static BankLoad start(Http http, List<String> commandUrls, BankAccounts accounts, int clientCount,
                                 long limit, long seed) {
        Ledger ledger = new Ledger();
        BankClient opener = new BankClient(http, commandUrls, ledger, new Random(seed));
        for (String account : accounts.ids()) {
            opener.send(BankCommand.open(account, "owner-of-" + account, UUID.randomUUID().toString()));
            opener.send(BankCommand.deposit(account, OPENING_DEPOSIT, UUID.randomUUID().toString()));
        }
        BankLoad load = new BankLoad(accounts, ledger, clientCount);
        for (int i = 0; i < clientCount; i++) {
            Random random = new Random(seed + i + 1);
            BankClient client = new BankClient(http, commandUrls, ledger, random);
            load.running.add(load.clients.submit(() -> load.run(client, random, limit)));
        }
        return load;
    }

    private void run(BankClient client, Random random, long limit) {
        while (!stopped.get() && started.incrementAndGet() <= limit) {
            String account = accounts.pick(random);
            long amount = 1 + random.nextInt(200);
            String key = UUID.randomUUID().toString();
            // slightly more withdrawals than deposits, so that balances run low and overdrafts are tried
            BankCommand command = random.nextDouble() < 0.45 ? BankCommand.deposit(account, amount, key)
                    : BankCommand.withdraw(account, amount, key);
            Optional<Answered> answered = client.send(command);
            if (answered.isPresent() && answered.get().accepted() && random.nextDouble() < REPLAY_SHARE) {
                client.replay(answered.get());
            }
        }
    }

    /** Commands started so far (each is sent until it has a definitive answer). */
    public long commandsStarted() {
        return started.get();
    }

    public long accepted() {
        return ledger.acceptedCount();
    }

    /** Answers that left a command open so far: 503, 504, or no answer at all. */
    public long troubles() {
        return ledger.transientAnswers() + ledger.noAnswers();
    }

    /** Asks the clients to stop after their current command, waits for them and returns what they were told. */
    public Ledger stop() {
        stopped.set(true);
        return awaitEnd();
    }

    /** Waits until the clients have sent their {@code limit} commands. */
    public Ledger awaitEnd() {
        for (Future<?> client : running) {
            try {
                client.get(BankClient.RESOLVE_WITHIN.toSeconds() * 4, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("a bank client failed", e);
            }
        }
        return ledger;
    }

    @Override
    public void close() {
        stopped.set(true);
        clients.shutdownNow();
    }
}
