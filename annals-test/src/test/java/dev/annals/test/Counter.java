package dev.annals.test;

import dev.annals.core.Decider;
import dev.annals.core.DomainRejection;

import java.util.List;

/** A tiny domain to exercise the fixture: a counter that goes up to a limit and can be reset. */
final class Counter implements Decider<Counter.Command, Counter.Event, Counter.State> {

    static final int LIMIT = 10;

    sealed interface Command {
    }

    record Increment(int by) implements Command {
    }

    record Reset() implements Command {
    }

    /** Like an increment, but one past the limit is refused and resets the counter: a rejection that records. */
    record Bump(int by) implements Command {
    }

    /** Stands for a bug in a domain: decide throws something that is not a DomainRejection. */
    record Explode() implements Command {
    }

    sealed interface Event {
    }

    record Incremented(int by) implements Event {
    }

    record WasReset() implements Event {
    }

    record State(int value) {
    }

    @Override
    public State initialState() {
        return new State(0);
    }

    @Override
    public List<Event> decide(Command command, State state) {
        return switch (command) {
            case Increment(int by) -> {
                if (by <= 0) {
                    throw new DomainRejection("NOT_POSITIVE", "increments are positive");
                }
                if (state.value() + by > LIMIT) {
                    throw new DomainRejection("LIMIT_REACHED", "a counter stops at " + LIMIT);
                }
                yield List.of(new Incremented(by));
            }
            case Reset() -> state.value() == 0 ? List.of() : List.of(new WasReset());
            case Bump(int by) -> {
                if (state.value() + by > LIMIT) {
                    throw new DomainRejection("OVERFLOW", "past " + LIMIT + " the counter starts again")
                            .recording(new WasReset());
                }
                yield List.of(new Incremented(by));
            }
            case Explode() -> throw new IllegalStateException("bug");
        };
    }

    @Override
    public State evolve(State state, Event event) {
        return switch (event) {
            case Incremented(int by) -> new State(state.value() + by);
            case WasReset() -> new State(0);
        };
    }
}
