package dev.annals.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.system.bank.Answered;
import dev.annals.system.bank.BankAccounts;
import dev.annals.system.bank.BankClient;
import dev.annals.system.bank.BankCommand;
import dev.annals.system.bank.BankInvariants;
import dev.annals.system.bank.Ledger;
import dev.annals.system.support.Deployment;
import dev.annals.system.support.Deployment.Replacement;
import dev.annals.system.support.Http;
import dev.annals.system.support.LoadBalancer;
import dev.annals.system.support.Seeds;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart of every service under the bank load, as Kubernetes rolls out a new version: beside the shared
 * system, each service runs as its Deployment does (one pod, with the shutdown delay and timeout of its manifests),
 * and the clients reach command-service and query-service through the endpoints of a Service
 * ({@link LoadBalancer}), which follow readiness polled once a second. Service by service, a new pod starts and is
 * ready before the old one gets SIGTERM, just after a poll saw it still ready, so that requests keep reaching it
 * until the endpoints have seen it unready. The clients must never notice: no 5xx and no dropped connection, from
 * the first command to the last read, and every acknowledged command is in the balance the query side reports.
 */
@Order(6)
@ExtendWith(SystemExtension.class)
class RollingRestartIT {

    /** Rolled one after the other, as a rollout of a new version of each might go. */
    private static final List<String> SERVICES = List.of("command-service", "projection-service", "query-service",
            "payment-service");
    private static final int ACCOUNTS = 8;
    private static final int CLIENTS = 6;
    /** A bound on the load, far above what the rollout needs: the load stops once every service is replaced. */
    private static final long AT_MOST = 20_000;
    /** Commands accepted before the first pod is replaced and after the last: the load ran throughout. */
    private static final long PROGRESS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_rolling_restart_of_every_service_under_load_drops_no_request(TheSystem system) throws Exception {
        Http http = system.http();
        List<Deployment> deployments = new ArrayList<>();
        try (LoadBalancer commands = LoadBalancer.start("command-service");
             LoadBalancer queries = LoadBalancer.start("query-service")) {
            Map<String, LoadBalancer> services = Map.of("command-service", commands, "query-service", queries);
            for (String service : SERVICES) {
                deployments.add(Deployment.of(service, system.endpoints(), settingsOf(service),
                        Optional.ofNullable(services.get(service))));
            }
            try {
                long starting = System.nanoTime();
                Deployment.startAll(deployments);
                long rolling = System.nanoTime();

                BankAccounts accounts = BankAccounts.of("rollout", ACCOUNTS);
                Ledger ledger = new Ledger();
                List<CompletableFuture<Replacement>> stopping = new ArrayList<>();
                Customers customers = Customers.start(http, commands.url(), queries.url(), accounts, ledger,
                        Seeds.seed(system.summary()));
                try {
                    customers.awaitProgress();
                    for (Deployment deployment : deployments) {
                        system.summary().fault("rolling restart of " + deployment.service() + " "
                                + deployment.shutdown());
                        // the next Deployment rolls while this one's old pod is still stopping, as they would
                        stopping.add(deployment.rollingRestart());
                    }
                    CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
                    customers.awaitProgress();
                } finally {
                    customers.stop();
                }
                long done = System.nanoTime();
                List<Replacement> replacements = stopping.stream().map(CompletableFuture::join).toList();

                String report = "rolling restart under load: " + ledger + ", " + customers.reads() + " reads; "
                        + replacements.stream().map(Replacement::toString).collect(Collectors.joining("; "))
                        + "; first pods started in " + seconds(rolling - starting) + " s, load and rollout "
                        + seconds(done - rolling) + " s";
                System.out.println(report);
                System.out.println("command-service endpoints: " + commands.history());
                System.out.println("query-service endpoints: " + queries.history());
                system.summary().line(report);

                List<LoadBalancer.Failure> failures = new ArrayList<>(commands.failures());
                failures.addAll(queries.failures());
                assertThat(failures).as("5xx answers and dropped connections the clients got from %s and %s",
                        commands, queries).isEmpty();
                assertThat(ledger.transientAnswers() + ledger.noAnswers())
                        .as("commands answered 503 or 504, or unanswered (%s)", ledger).isZero();
                assertThat(customers.readFailures()).as("reads with a token that failed").isEmpty();
                assertThat(customers.commandsStarted()).as("commands started, within the bound").isLessThan(AT_MOST);
                assertThat(replacements).as("old pods behind endpoints that got requests after their SIGTERM (or the"
                                + " window went untried)")
                        .filteredOn(replaced -> replaced.requestsAfterSigterm().isPresent())
                        .hasSize(2).allMatch(replaced -> replaced.requestsAfterSigterm().getAsLong() > 0);

                long checks = balancesReadThroughTheQuerySide(http, queries.url(), accounts, ledger);
                checks += new BankInvariants(system, http).check(accounts, ledger);
                system.summary().checked(checks);
            } finally {
                Deployment.closeAll(deployments);
            }
        }
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    /** As the shared system's query-service: a read with a token waits up to 30 s while a projection catches up. */
    private static Map<String, String> settingsOf(String service) {
        return service.equals("query-service") ? Map.of("annals.query.consistency-wait", "30s") : Map.of();
    }

    /**
     * No acknowledged command is lost: each account's balance, read through query-service's endpoints with the
     * token of the account's last acknowledged command, is what the acknowledged deposits and withdrawals make it.
     */
    private static long balancesReadThroughTheQuerySide(Http http, String queries, BankAccounts accounts,
                                                        Ledger ledger) throws IOException {
        Map<String, List<Answered>> accepted = ledger.accepted().stream()
                .collect(Collectors.groupingBy(answered -> answered.command().account()));
        for (String account : accounts.ids()) {
            List<Answered> answers = accepted.getOrDefault(account, List.of());
            String token = answers.stream().max(Comparator.comparingLong(Answered::version))
                    .flatMap(Answered::token).orElseThrow();
            Http.Answer read = http.get(queries + "/api/bank/accounts/" + account,
                    Map.of("Annals-Consistency-Token", token));
            assertThat(read.status()).as("read of %s with %s: %s", account, token, read).isEqualTo(200);
            assertThat(JSON.readTree(read.body()).path("balance").asLong())
                    .as("balance of %s = its acknowledged deposits - withdrawals", account)
                    .isEqualTo(answers.stream().mapToLong(answered -> answered.command().balanceChange()).sum());
        }
        return accounts.ids().size();
    }

    /**
     * Bank customers, each doing one thing at a time as a person at a counter would: a deposit or a withdrawal with
     * an idempotency key (sent again with that key only when the answer leaves the outcome open — 503, 504 or none:
     * what command-api.md promises a retry is safe for), then a read of the account with the answer's consistency
     * token. Bounded: at most {@value #AT_MOST} commands, until {@link #stop()}.
     */
    private static final class Customers {

        /** Each customer's pause between one visit and the next: a steady load that leaves the cores room. */
        private static final Duration PACE = Duration.ofMillis(20);

        private final Http http;
        private final String queries;
        private final BankAccounts accounts;
        private final Ledger ledger;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong started = new AtomicLong();
        private final AtomicLong reads = new AtomicLong();
        private final List<String> readFailures = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        private final List<Future<?>> running = new ArrayList<>();

        private Customers(Http http, String queries, BankAccounts accounts, Ledger ledger) {
            this.http = http;
            this.queries = queries;
            this.accounts = accounts;
            this.ledger = ledger;
        }

        /** Opens the accounts, each with a deposit, then starts the customers. */
        static Customers start(Http http, String commands, String queries, BankAccounts accounts, Ledger ledger,
                               long seed) {
            Customers customers = new Customers(http, queries, accounts, ledger);
            BankClient opener = new BankClient(http, List.of(commands), ledger, new Random(seed));
            for (String account : accounts.ids()) {
                opener.send(BankCommand.open(account, "owner-of-" + account, UUID.randomUUID().toString()));
                opener.send(BankCommand.deposit(account, 500, UUID.randomUUID().toString()));
            }
            for (int i = 0; i < CLIENTS; i++) {
                Random random = new Random(seed + i + 1);
                BankClient client = new BankClient(http, List.of(commands), ledger, random);
                customers.running.add(customers.threads.submit(() -> customers.run(client, random)));
            }
            return customers;
        }

        private void run(BankClient client, Random random) {
            while (!stopped.get() && started.incrementAndGet() <= AT_MOST) {
                String account = accounts.ids().get(random.nextInt(accounts.ids().size()));
                long amount = 1 + random.nextInt(200);
                String key = UUID.randomUUID().toString();
                BankCommand command = random.nextBoolean() ? BankCommand.deposit(account, amount, key)
                        : BankCommand.withdraw(account, amount, key);
                Optional<Answered> answered = client.send(command);
                if (answered.isPresent() && answered.get().token().isPresent()) {
                    read(account, answered.get());
                }
                pause();
            }
        }

        /** Read-your-writes: the account as the query side has it once it has the command. */
        private void read(String account, Answered answered) {
            reads.incrementAndGet();
            String path = "/api/bank/accounts/" + account;
            try {
                Http.Answer read = http.get(queries + path,
                        Map.of("Annals-Consistency-Token", answered.token().orElseThrow()));
                if (read.status() != 200) {
                    readFailures.add(path + " answered " + read);
                } else if (JSON.readTree(read.body()).path("version").asLong() < answered.version()) {
                    readFailures.add(path + " read before its token's write: " + read);
                }
            } catch (IOException e) {
                readFailures.add(path + " unanswered: " + e);
            }
        }

        // a customer's pace, not a wait for a condition
        private static void pause() {
            try {
                Thread.sleep(PACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitProgress() {
            long from = ledger.acceptedCount();
            Awaitility.await(PROGRESS + " more accepted commands").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> ledger.acceptedCount() >= from + PROGRESS);
        }

        /** Asks the customers to stop after their current visit and waits for them. */
        void stop() {
            stopped.set(true);
            try {
                for (Future<?> customer : running) {
                    customer.get(3, TimeUnit.MINUTES);
                }
            } catch (Exception e) {
                throw new IllegalStateException("a customer failed", e);
            } finally {
                threads.shutdownNow();
            }
        }

        long commandsStarted() {
            return started.get();
        }

        long reads() {
            return reads.get();
        }

        List<String> readFailures() {
            return List.copyOf(readFailures);
        }
    }
}
