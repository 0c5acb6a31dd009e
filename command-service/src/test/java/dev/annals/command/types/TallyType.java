package dev.annals.command.types;

import dev.annals.core.AggregateType;
import dev.annals.core.Creates;
import dev.annals.core.Decider;
import dev.annals.core.ServerGenerated;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import java.util.List;

/**
 * A second aggregate type that only the tests register, the way a domain module does: the service must serve
 * it without a line of service code naming it.
 */
@Dependent
public class TallyType {

    public sealed interface TallyCommand {
        /** Starts a tally under a ticket the server draws: a creating command with a server-generated value. */
        @Creates
        record Start(@NotBlank String name, @ServerGenerated String ticket) implements TallyCommand {
        }

        record Add(@Positive int amount) implements TallyCommand {
        }

        /** Accepted, and changes nothing: no event. */
        record Touch() implements TallyCommand {
        }
    }

    public sealed interface TallyEvent {
        record Started(String name, String ticket) implements TallyEvent {
        }

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
            return switch (command) {
                case TallyCommand.Start(String name, String ticket) -> List.of(new TallyEvent.Started(name, ticket));
                case TallyCommand.Add(int amount) -> List.of(new TallyEvent.Added(amount));
                case TallyCommand.Touch() -> List.of();
            };
        }

        @Override
        public Tally evolve(Tally state, TallyEvent event) {
            return switch (event) {
                case TallyEvent.Started started -> state;
                case TallyEvent.Added(int amount) -> new Tally(state.total() + amount);
            };
        }
    }

    @Produces
    @Singleton
    AggregateType<TallyCommand, TallyEvent, Tally> tally() {
        return AggregateType.of("tally", new TallyDecider(), TallyCommand.class, TallyEvent.class, Tally.class,
                (command, values) -> command instanceof TallyCommand.Start start
                        ? new TallyCommand.Start(start.name(), values.aggregateId() + "/" + values.random().nextLong())
                        : command);
    }
}
