package dev.annals.command.types;

import dev.annals.core.AggregateType;
import dev.annals.core.Decider;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Positive;

import java.util.List;

/**
 * A second aggregate type that only the tests register, the way a domain module does: the service must serve
 * it without a line of service code naming it.
 */
@Dependent
public class TallyType {

    public sealed interface TallyCommand {
        record Add(@Positive int amount) implements TallyCommand {
        }

        /** Accepted, and changes nothing: no event. */
        record Touch() implements TallyCommand {
        }
    }

    public sealed interface TallyEvent {
        record Added(int amount) implements TallyEvent {
        }
    }

    public record Tally(long total) {
    }

    static final class TallyDecider implements Decider<TallyCommand, TallyEvent, Tally> {
        @Override
        public Tally initialState() {
            return new Tally(0);
        }

        @Override
        public List<TallyEvent> decide(TallyCommand command, Tally state) {
            if (command instanceof TallyCommand.Add add) {
                return List.of(new TallyEvent.Added(add.amount()));
            }
            return List.of();
        }

        @Override
        public Tally evolve(Tally state, TallyEvent event) {
            return new Tally(state.total() + ((TallyEvent.Added) event).amount());
        }
    }

    @Produces
    @Singleton
    AggregateType<TallyCommand, TallyEvent, Tally> tally() {
        return AggregateType.of("tally", new TallyDecider(), TallyCommand.class, TallyEvent.class, Tally.class);
    }
}
