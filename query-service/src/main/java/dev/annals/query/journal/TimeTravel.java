package dev.annals.query.journal;

import dev.annals.core.AggregateType;
import dev.annals.core.Decider;
import dev.annals.core.problem.Problem;
import dev.annals.query.api.AggregatePath;
import dev.annals.query.api.DomainValues;
import dev.annals.query.web.ProblemException;

import java.util.List;

/**
 * An aggregate's state as of a version: its events 1..N from the journal, folded with its type's decider from
 * the initial state, exactly as the command processor folded them.
 */
public final class TimeTravel {

    private TimeTravel() {
    }

    /**
     * @param entries the journal's events of the aggregate up to {@code version}, in version order
     * @throws ProblemException 500 {@code JOURNAL_INCOMPLETE} when a version is missing: folding around the gap
     *                          would answer a state that never existed
     */
    public static <S> S stateAt(AggregatePath aggregate, long version, List<JournalEntry> entries) {
        @SuppressWarnings("unchecked")
        AggregateType<?, Object, S> type = (AggregateType<?, Object, S>) aggregate.type();
        return fold(type, type.decider(), aggregate, version, entries);
    }

    private static <E, S> S fold(AggregateType<?, E, S> type, Decider<?, E, S> decider, AggregatePath aggregate,
                                 long version, List<JournalEntry> entries) {
        S state = decider.initialState();
        long expected = 1;
        for (JournalEntry entry : entries) {
            if (entry.version() != expected) {
                throw incomplete(aggregate, expected);
            }
            state = decider.evolve(state, type.eventType().cast(
                    DomainValues.event(type, entry.eventType(), entry.data())));
            expected++;
        }
        if (expected != version + 1) {
            throw incomplete(aggregate, expected);
        }
        return state;
    }

    private static ProblemException incomplete(AggregatePath aggregate, long missing) {
        return new ProblemException(Problem.of(500, "Internal Server Error", "JOURNAL_INCOMPLETE",
                "the event journal lacks version " + missing + " of " + aggregate
                        + "; see the event-journal projection's dead letters"));
    }
}
