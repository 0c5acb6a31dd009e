package dev.annals.system.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.devstack.Endpoints;
import dev.annals.system.support.Http;
import dev.annals.system.support.TheSystem;
import dev.annals.system.support.Topics;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants of concurrent bank commands, checked after quiescence against what the clients were told
 * ({@link Ledger}), the events topic read from the broker, the read models over HTTP and the database itself.
 */
public final class BankInvariants {

    static final String EVENTS_TOPIC = "annals.bank-account.events";
    /** How long a read may take to catch up after a fault: a projection restarts and works off its backlog. */
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TheSystem system;
    private final Http http;

    public BankInvariants(TheSystem system, Http http) {
        this.system = system;
        this.http = http;
    }

    /** Every check over every account; fails with what differs. Returns how many checks passed. */
    public long check(BankAccounts accounts, Ledger ledger) {
        assertThat(ledger.problems()).as("answers no correct system gives").isEmpty();
        Map<String, List<LoggedEvent>> log = readLog(accounts);
        List<Answered> accepted = ledger.accepted();
        Map<String, List<Answered>> acceptedByAccount = accepted.stream()
                .collect(Collectors.groupingBy(answered -> answered.command().account()));
        long checks = 0;
        checks += eventsOfAcceptedCommandsAreLoggedOnce(accounts, accepted, log);
        Map<String, AccountFold> folds = new HashMap<>();
        for (String account : accounts.ids()) {
            List<LoggedEvent> events = log.getOrDefault(account, List.of());
            assertThat(events).as("events of " + account).isNotEmpty();
            assertThat(events.stream().map(LoggedEvent::partition).distinct().count())
                    .as("partitions holding " + account).isEqualTo(1);
            assertThat(events.stream().map(LoggedEvent::version).toList())
                    .as("versions of " + account + " in log order")
                    .isEqualTo(LongStream.rangeClosed(1, events.size()).boxed().toList());
            AccountFold fold = AccountFold.of(account, events);
            assertThat(fold.lowestBalance()).as("lowest balance " + account + " ever had").isGreaterThanOrEqualTo(0);
            long told = acceptedByAccount.getOrDefault(account, List.of()).stream()
                    .mapToLong(a -> a.command().balanceChange()).sum();
            assertThat(fold.balance()).as("balance of " + account + " = accepted deposits - accepted withdrawals")
                    .isEqualTo(told);
            folds.put(account, fold);
            checks += 4;
        }
        checks += readModelsEqualTheFold(accounts, acceptedByAccount, folds);
        return checks;
    }

    private Map<String, List<LoggedEvent>> readLog(BankAccounts accounts) {
        return new Topics(system.endpoints().kafkaBootstrapServers()).readAll(EVENTS_TOPIC).stream()
                .map(LoggedEvent::of).flatMap(Optional::stream)
                .filter(event -> accounts.ids().contains(event.account()))
                .sorted(Comparator.comparingInt(LoggedEvent::partition).thenComparingLong(LoggedEvent::offset))
                .collect(Collectors.groupingBy(LoggedEvent::account));
    }

    /**
     * Each accepted command's events are in the log exactly once, as answered, carrying the command offset of the
     * answer's token; and the log holds no other event of these accounts (a refused command wrote nothing).
     */
    private static long eventsOfAcceptedCommandsAreLoggedOnce(BankAccounts accounts, List<Answered> accepted,
                                                              Map<String, List<LoggedEvent>> log) {
        Map<String, List<LoggedEvent>> byAccountVersion = log.values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(e -> e.account() + "@" + e.version()));
        long answeredEvents = 0;
        for (Answered answered : accepted) {
            for (JsonNode event : answered.body().path("events")) {
                answeredEvents++;
                String at = answered.command().account() + "@" + event.path("version").asLong();
                List<LoggedEvent> logged = byAccountVersion.getOrDefault(at, List.of());
                assertThat(logged).as("events at " + at + " (answered to " + answered.command() + ")").hasSize(1);
                LoggedEvent inLog = logged.get(0);
                assertThat(inLog.type()).as("type of " + at).isEqualTo(event.path("type").asText());
                assertThat(inLog.data()).as("data of " + at).isEqualTo(event.path("data"));
                assertThat(inLog.commandOffset()).as("command offset of " + at).isEqualTo(answered.tokenOffset());
                assertThat(inLog.partition()).as("partition of " + at).isEqualTo(answered.tokenPartition());
            }
        }
        long loggedEvents = accounts.ids().stream().mapToLong(id -> log.getOrDefault(id, List.of()).size()).sum();
        assertThat(loggedEvents).as("events in the log of these accounts = events of accepted answers")
                .isEqualTo(answeredEvents);
        return answeredEvents + 1;
    }

    private long readModelsEqualTheFold(BankAccounts accounts, Map<String, List<Answered>> acceptedByAccount,
                                        Map<String, AccountFold> folds) {
        long checks = 0;
        for (String account : accounts.ids()) {
            AccountFold fold = folds.get(account);
            String token = acceptedByAccount.getOrDefault(account, List.of()).stream()
                    .max(Comparator.comparingLong(Answered::version)).flatMap(Answered::token).orElseThrow();

            JsonNode readModel = readWhenCaughtUp("/api/bank/accounts/" + account, token);
            assertThat(readModel.path("owner").asText()).as("owner of " + account).isEqualTo(fold.owner());
            assertThat(readModel.path("balance").asLong()).as("read-model balance of " + account)
                    .isEqualTo(fold.balance());
            assertThat(readModel.path("status").asText()).as("status of " + account).isEqualTo(fold.status());
            assertThat(readModel.path("version").asLong()).as("version of " + account).isEqualTo(fold.version());

            JsonNode state = readWhenCaughtUp("/api/bank-account/" + account, token);
            assertThat(state.path("version").asLong()).as("aggregate-state version of " + account)
                    .isEqualTo(fold.version());
            assertThat(state.path("state").path("balance").asLong()).as("aggregate-state balance of " + account)
                    .isEqualTo(fold.balance());

            JsonNode history = readWhenCaughtUp("/api/bank-account/" + account + "/events?limit=1000", token);
            assertThat(history.path("items").size()).as("history of " + account).isEqualTo((int) fold.version());
            assertThat(history.path("next").isNull()).as("one page of history for " + account).isTrue();
            checks += 3;
        }
        // read once every token has been reached: the rows are then final
        Map<String, AccountFold> inDatabase = databaseRows(accounts);
        for (String account : accounts.ids()) {
            AccountFold fold = folds.get(account);
            assertThat(inDatabase.get(account)).as("database row of " + account)
                    .isEqualTo(new AccountFold(account, fold.owner(), fold.balance(), fold.status(),
                            fold.version(), 0));
            checks++;
        }
        return checks;
    }

    /** A read with the consistency token, retried while it answers 504 or nothing (a service still recovering). */
    private JsonNode readWhenCaughtUp(String path, String token) {
        AtomicReference<Http.Answer> last = new AtomicReference<>();
        Awaitility.await("a 200 from " + path + " with token " + token).atMost(CATCH_UP)
                .pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    Http.Answer answer = http.get(system.queryUrl() + path,
                            Map.of("Annals-Consistency-Token", token));
                    last.set(answer);
                    assertThat(answer.status()).as("answer to " + path).isIn(200, 503, 504);
                    return answer.status() == 200;
                });
        try {
            return JSON.readTree(last.get().body());
        } catch (IOException e) {
            throw new AssertionError("not JSON from " + path + ": " + last.get(), e);
        }
    }

    private Map<String, AccountFold> databaseRows(BankAccounts accounts) {
        Endpoints endpoints = system.endpoints();
        Map<String, AccountFold> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.owner().username(),
                endpoints.owner().password());
             PreparedStatement select = connection.prepareStatement("select id, owner, balance, status, version"
                     + " from bank_accounts.accounts where id = any(?)")) {
            select.setArray(1, connection.createArrayOf("text", accounts.ids().toArray()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), new AccountFold(result.getString(1), result.getString(2),
                            result.getLong(3), result.getString(4), result.getLong(5), 0));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read bank_accounts.accounts", e);
        }
        return rows;
    }
}
