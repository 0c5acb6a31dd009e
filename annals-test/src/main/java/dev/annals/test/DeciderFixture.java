package dev.annals.test;

import dev.annals.core.AggregateType;
import dev.annals.core.Decider;
import dev.annals.core.DomainRejection;
import org.opentest4j.AssertionFailedError;

import java.util.List;
import java.util.Objects;

/**
 * Given/when/then tests for a {@link Decider}: a history of events, a command, and the events (or the rejection)
 * it must produce.
 *
 * <pre>{@code
 * private final DeciderFixture<AccountCommand, AccountEvent, Account> account =
 *         DeciderFixture.of(new BankAccountDecider());
 *
 * @Test
 * void withdrawal_beyond_balance_is_rejected() {
 *     account.given(new AccountOpened("ann"), new MoneyDeposited(100))
 *            .when(new Withdraw(150))
 *            .thenRejected("INSUFFICIENT_FUNDS");
 * }
 * }</pre>
 *
 * <p>Besides the stated expectation, every {@code when} checks that {@code decide} is deterministic (two calls
 * with the same command and state give the same outcome) and that {@code evolve} accepts the events
 * {@code decide} produced: a decider that reads the clock or forgets an event in {@code evolve} fails here,
 * not in production.
 */
public final class DeciderFixture<C, E, S> {

    private final Decider<C, E, S> decider;

    private DeciderFixture(Decider<C, E, S> decider) {
        this.decider = Objects.requireNonNull(decider, "decider");
    }

    public static <C, E, S> DeciderFixture<C, E, S> of(Decider<C, E, S> decider) {
        return new DeciderFixture<>(decider);
    }

    public static <C, E, S> DeciderFixture<C, E, S> of(AggregateType<C, E, S> type) {
        return new DeciderFixture<>(type.decider());
    }

    /** The aggregate's history before the command; no arguments for a new aggregate. */
    @SafeVarargs
    public final Given<C, E, S> given(E... history) {
        return given(List.of(history));
    }

    public Given<C, E, S> given(List<? extends E> history) {
        S state = decider.initialState();
        for (int i = 0; i < history.size(); i++) {
            E event = history.get(i);
            try {
                state = decider.evolve(state, event);
            } catch (RuntimeException e) {
                throw new AssertionFailedError("evolve failed on given event " + (i + 1) + " " + event + ": " + e, e);
            }
        }
        return new Given<>(decider, state);
    }

    /** The state folded from the history; {@link #when} runs a command against it. */
    public static final class Given<C, E, S> {

        private final Decider<C, E, S> decider;
        private final S state;

        private Given(Decider<C, E, S> decider, S state) {
            this.decider = decider;
            this.state = state;
        }

        public When<C, E, S> when(C command) {
            Outcome<E> first = Outcome.of(decider, command, state);
            Outcome<E> second = Outcome.of(decider, command, state);
            if (!first.sameAs(second)) {
                throw new AssertionFailedError("decide is not deterministic: the same command on the same state gave "
                        + first + " and then " + second + "; generate random or time-based values before decide",
                        first.toString(), second.toString());
            }
            // evolve must accept every event decide produced
            switch (first) {
                case Outcome.Accepted<E>(List<E> events) -> {
                    try {
                        decider.fold(state, events);
                    } catch (RuntimeException e) {
                        throw new AssertionFailedError("evolve fails on the events decide produced for " + command
                                + " " + events + ": " + e, e);
                    }
                }
                case Outcome.Rejected<E>(DomainRejection rejection) -> {
                    try {
                        decider.fold(state, recorded(rejection));
                    } catch (RuntimeException e) {
                        throw new AssertionFailedError("evolve fails on the events the rejection of " + command
                                + " records " + rejection.recorded() + ": " + e, e);
                    }
                }
                case Outcome.Failed<E> failed -> { }
            }
            return new When<>(decider, command, state, first);
        }

        /** Asserts the state the history folds to, which tests {@code evolve} on its own. */
        public void thenState(S expected) {
            if (!Objects.equals(expected, state)) {
                throw new AssertionFailedError("the history folds to another state", expected, state);
            }
        }
    }

    /** The outcome of one command; each {@code then…} asserts a part of it and returns this for chaining. */
    public static final class When<C, E, S> {

        private final Decider<C, E, S> decider;
        private final C command;
        private final S stateBefore;
        private final Outcome<E> outcome;

        private When(Decider<C, E, S> decider, C command, S stateBefore, Outcome<E> outcome) {
            this.decider = decider;
            this.command = command;
            this.stateBefore = stateBefore;
            this.outcome = outcome;
        }

        /** The command is accepted and produces exactly these events, in this order. No arguments: no events. */
        @SafeVarargs
        public final When<C, E, S> then(E... expected) {
            return then(List.of(expected));
        }

        public When<C, E, S> then(List<? extends E> expected) {
            List<E> actual = accepted("events " + expected);
            if (!actual.equals(expected)) {
                throw new AssertionFailedError(command + " produced other events", expected, actual);
            }
            return this;
        }

        /** The command is accepted and changes nothing (for example a repeated command that is a no-op). */
        public When<C, E, S> thenNoEvents() {
            return then(List.of());
        }

        /** The command is rejected with this reason code, and its rejection records nothing. */
        public When<C, E, S> thenRejected(String expectedReason) {
            return thenRejectedRecording(expectedReason, List.of());
        }

        /**
         * The command is rejected with this reason code as if the aggregate did not exist
         * ({@link DomainRejection#concealing}): the caller learns nothing of it, not even that it exists.
         */
        public When<C, E, S> thenConcealed(String expectedReason) {
            thenRejected(expectedReason);
            if (outcome instanceof Outcome.Rejected<E>(DomainRejection rejection) && !rejection.conceals()) {
                throw new AssertionFailedError(command + " was rejected with " + expectedReason + " but not as if the"
                        + " aggregate did not exist: the answer would tell the caller that it does, and its version");
            }
            return this;
        }

        /**
         * The command is rejected with this reason code, and the rejection records exactly these events (a wrong
         * code, counted): {@link DomainRejection#recording}.
         */
        @SafeVarargs
        public final When<C, E, S> thenRejectedRecording(String expectedReason, E... expected) {
            return thenRejectedRecording(expectedReason, List.of(expected));
        }

        public When<C, E, S> thenRejectedRecording(String expectedReason, List<? extends E> expected) {
            return switch (outcome) {
                case Outcome.Rejected<E>(DomainRejection rejection) when rejection.reason().equals(expectedReason)
                        && rejection.recorded().equals(expected) -> this;
                case Outcome.Rejected<E>(DomainRejection rejection) when rejection.reason().equals(expectedReason) ->
                        throw new AssertionFailedError(command + " was rejected with " + expectedReason
                                + " recording other events", expected, rejection.recorded());
                case Outcome.Rejected<E>(DomainRejection rejection) -> throw new AssertionFailedError(command
                        + " was rejected for another reason: " + rejection.reason() + " (" + rejection.getMessage()
                        + ") instead of " + expectedReason, expectedReason, rejection.reason());
                case Outcome.Accepted<E>(List<E> events) -> throw new AssertionFailedError("expected " + command
                        + " to be rejected with " + expectedReason + " but it was accepted with events " + events,
                        expectedReason, events);
                case Outcome.Failed<E>(RuntimeException error) -> throw failure("a rejection with " + expectedReason,
                        error);
            };
        }

        /** The state after the command's events — or the events its rejection recorded — are applied. */
        public When<C, E, S> thenState(S expected) {
            List<E> events = outcome instanceof Outcome.Rejected<E>(DomainRejection rejection)
                    && !rejection.recorded().isEmpty() ? recorded(rejection) : accepted("state " + expected);
            S actual = decider.fold(stateBefore, events);
            if (!Objects.equals(expected, actual)) {
                throw new AssertionFailedError("the state after " + command + " differs", expected, actual);
            }
            return this;
        }

        private List<E> accepted(String expectation) {
            return switch (outcome) {
                case Outcome.Accepted<E>(List<E> events) -> events;
                case Outcome.Rejected<E>(DomainRejection rejection) -> throw new AssertionFailedError("expected "
                        + expectation + " but " + command + " was rejected with " + rejection.reason() + ": "
                        + rejection.getMessage());
                case Outcome.Failed<E>(RuntimeException error) -> throw failure(expectation, error);
            };
        }

        private AssertionFailedError failure(String expectation, RuntimeException error) {
            return new AssertionFailedError("expected " + expectation + " but decide threw " + error
                    + " for " + command + "; a broken rule is a DomainRejection", error);
        }
    }

    /** The events a rejection records, as the decider's events (a wrong type fails the cast in the test). */
    @SuppressWarnings("unchecked")
    private static <E> List<E> recorded(DomainRejection rejection) {
        return (List<E>) rejection.recorded();
    }

    /** What {@code decide} did: returned events, rejected the command, or failed. */
    private sealed interface Outcome<E> {

        record Accepted<E>(List<E> events) implements Outcome<E> {
        }

        record Rejected<E>(DomainRejection rejection) implements Outcome<E> {
        }

        record Failed<E>(RuntimeException error) implements Outcome<E> {
        }

        static <C, E, S> Outcome<E> of(Decider<C, E, S> decider, C command, S state) {
            try {
                return new Accepted<>(List.copyOf(decider.decide(command, state)));
            } catch (DomainRejection rejection) {
                return new Rejected<>(rejection);
            } catch (RuntimeException error) {
                return new Failed<>(error);
            }
        }

        default boolean sameAs(Outcome<E> other) {
            return essence().equals(other.essence());
        }

        /** What two runs of decide must agree on: the events, the rejection's reason, or that it failed. */
        private Object essence() {
            return switch (this) {
                case Accepted<E>(List<E> events) -> events;
                case Rejected<E>(DomainRejection rejection) -> List.of("rejected " + rejection.reason(),
                        rejection.recorded());
                case Failed<E> failed -> Failed.class;
            };
        }
    }
}
