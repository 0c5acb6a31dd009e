package dev.annals.projection.reactor;

import dev.annals.consumer.CommandOutcome;
import dev.annals.consumer.PermanentFailure;
import dev.annals.consumer.Reaction;
import dev.annals.consumer.Reactor;
import dev.annals.consumer.ReactorHandlers;
import dev.annals.consumer.Sql;
import dev.annals.domain.bank.AccountCommand.Deposit;
import dev.annals.domain.bank.AccountCommand.Withdraw;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.BankAccountType;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test code only: a reactor whose effects the tests can count. For every account whose id starts with
 * {@code bonus-} it deposits a welcome bonus of {@value #BONUS} when the account is opened — a command that is not
 * idempotent by itself, so a second application would show in the balance. An account of owner {@code call-me}
 * also gets a welcome call {@link #CALL_AFTER} after it was opened (a deadline), which deposits {@value #CALL_BONUS}.
 * A deposit of {@value #OVERDRAW_TRIGGER} makes it withdraw far more than the account has, which its aggregate
 * refuses. Every outcome is kept in its own table, committed with the record of its reaction.
 *
 * <p>Tests arm a crash ({@link Crash}) at a point of an account's reaction: the reaction throws an {@link Error}
 * there, which the runtime treats as the death of the process — nothing of the batch committed. They {@link #hold}
 * an account's reaction on a call that stays silent until released.
 */
public final class WelcomeBonusReactor implements Reactor {

    public static final String NAME = "welcome-bonus";
    /** The one instance the tests start: a service runs one reactor of a name. */
    public static final WelcomeBonusReactor INSTANCE = new WelcomeBonusReactor();
    public static final long BONUS = 10;
    public static final long CALL_BONUS = 5;
    public static final long OVERDRAW_TRIGGER = 13;
    public static final String CALL_ME = "call-me";
    /** An owner the bonus partner refuses while {@link #refusing}: the reaction fails with a {@link PermanentFailure}. */
    public static final String REFUSED = "refused";
    /** Whether the partner refuses {@link #REFUSED}'s accounts; a test clears it to play the fix. */
    public final AtomicBoolean refusing = new AtomicBoolean(true);
    public static final Duration CALL_AFTER = Duration.ofSeconds(4);
    static final String WELCOME_CALL = "welcome-call";

    /** Where a reaction dies. */
    public enum Crash { BEFORE_SEND, AFTER_SEND }

    /** What the process dies of. */
    public static final class Crashed extends Error {
        Crashed(String account, Crash point) {
            super("the reactor's process died " + point + " for " + account, null, false, false);
        }
    }

    private final Map<String, Crash> armed = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();
    private final Map<String, Instant> waiting = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callsBegun = new ConcurrentHashMap<>();

    /**
     * The reaction to {@code account}'s opening first calls a "welcome check" that stays silent until {@link
     * #release}: a provider that does not answer.
     */
    public void hold(String account) {
        held.put(account, new CompletableFuture<>());
    }

    /** When the held reaction to {@code account} began to wait for its silent call; empty until it does. */
    public Optional<Instant> waitingSince(String account) {
        return Optional.ofNullable(waiting.get(account));
    }

    /** How many times the held reaction to {@code account} began its silent call (again after a reaction-timeout). */
    public int callsBegun(String account) {
        AtomicInteger begun = callsBegun.get(account);
        return begun == null ? 0 : begun.get();
    }

    public void release(String account) {
        CompletableFuture<Void> call = held.remove(account);
        if (call != null) {
            call.complete(null);
        }
    }

    /** The next reaction to {@code account}'s opening dies at {@code point}. */
    public void crash(String account, Crash point) {
        armed.put(account, point);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReactorHandlers handlers() {
        return ReactorHandlers.of(BankAccountType.TYPE)
                .on(AccountOpened.class, (opened, event, react) -> {
                    String account = event.aggregateId();
                    if (!account.startsWith("bonus-")) {
                        return Uni.createFrom().voidItem();
                    }
                    dieIfArmed(account, Crash.BEFORE_SEND);
                    if (opened.owner().equals(REFUSED) && refusing.get()) {
                        return Uni.createFrom().failure(new PermanentFailure("the bonus partner refused " + account));
                    }
                    return welcomeCheck(react, account).chain(() -> react.send(BankAccountType.TYPE, account, new Deposit(BONUS))
                            .invoke(outcome -> dieIfArmed(account, Crash.AFTER_SEND))
                            .invoke(outcome -> {
                                record(react.sql(), account, "bonus", outcome);
                                if (opened.owner().equals(CALL_ME)) {
                                    react.schedule(WELCOME_CALL, account, event.time().plus(CALL_AFTER));
                                }
                            }))
                            .replaceWithVoid();
                })
                .on(MoneyDeposited.class, (deposited, event, react) -> {
                    if (!event.aggregateId().startsWith("bonus-") || deposited.amount() != OVERDRAW_TRIGGER) {
                        return Uni.createFrom().voidItem();
                    }
                    return react.send(BankAccountType.TYPE, event.aggregateId(), new Withdraw(1_000_000, null))
                            .invoke(outcome -> record(react.sql(), event.aggregateId(), "overdraw", outcome))
                            .replaceWithVoid();
                })
                .onDeadline(WELCOME_CALL, (deadline, react) ->
                        react.send(BankAccountType.TYPE, deadline.key(), new Deposit(CALL_BONUS))
                                .invoke(outcome -> record(react.sql(), deadline.key(), WELCOME_CALL, outcome))
                                .replaceWithVoid())
                .build();
    }

    private Uni<Void> welcomeCheck(Reaction react, String account) {
        CompletableFuture<Void> call = held.get(account);
        if (call == null) {
            return Uni.createFrom().voidItem();
        }
        return react.call("welcome-check", key -> {
            waiting.putIfAbsent(account, Instant.now());
            callsBegun.computeIfAbsent(account, begun -> new AtomicInteger()).incrementAndGet();
            return Uni.createFrom().completionStage(call);
        });
    }

    private void dieIfArmed(String account, Crash point) {
        if (armed.remove(account, point)) {
            throw new Crashed(account, point);
        }
    }

    private static void record(Sql sql, String account, String reaction, CommandOutcome outcome) {
        String reason = switch (outcome) {
            case CommandOutcome.Accepted accepted -> null;
            case CommandOutcome.Rejected rejected -> rejected.reason();
            case CommandOutcome.VersionConflict conflict -> "VERSION_CONFLICT";
        };
        sql.exec("insert into outcomes (account, reaction, outcome, reason) values ($1, $2, $3, $4)", account,
                reaction, outcome.getClass().getSimpleName(), reason);
    }
}
