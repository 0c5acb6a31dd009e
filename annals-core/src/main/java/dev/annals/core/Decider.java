package dev.annals.core;

import java.util.List;

/**
 * The rules of one aggregate type, as three pure functions (Jérémie Chassaing's "functional event sourcing
 * decider").
 *
 * <p>State is never stored as such: it is always {@link #fold folded} from the aggregate's events, starting
 * from {@link #initialState()}. None of the functions may do I/O, read a clock or draw random numbers; what a
 * command needs of that kind (an id, a timestamp, a code) is generated before {@code decide} and travels in
 * the command, so that replaying the log always rebuilds the same state.
 *
 * @param <C> the commands, a sealed interface of records
 * @param <E> the events, a sealed interface of records
 * @param <S> the state, usually a record
 */
public interface Decider<C, E, S> {

    /** The state of an aggregate that has no events yet. */
    S initialState();

    /**
     * Decides what happens when {@code command} meets {@code state}: the events to append, in order, or an
     * empty list when the command changes nothing.
     *
     * @throws DomainRejection when the command breaks a rule; it carries the reason code the caller sees
     */
    List<E> decide(C command, S state);

    /** Applies one event to a state. Total: every event that {@code decide} can produce is accepted. */
    S evolve(S state, E event);

    /**
     * Whether no command can change this state any more (a closed account, a delivered order). Runtimes may
     * use it to keep such aggregates out of caches; {@code decide} must still answer every command, usually
     * with a rejection.
     */
    default boolean isTerminal(S state) {
        return false;
    }

    /** Folds events, in order, onto {@code state}. */
    default S fold(S state, Iterable<? extends E> events) {
        S current = state;
        for (E event : events) {
            current = evolve(current, event);
        }
        return current;
    }

    /** Folds an aggregate's whole history from the initial state. */
    default S fold(List<? extends E> history) {
        return fold(initialState(), history);
    }
}
