package dev.annals.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreationAndCompletionTest {

    private static final Caller CALLER = new Caller("ann", Set.of("customer"));

    /** A raffle ticket: issued with a code the server draws, then redeemed with it. */
    sealed interface TicketCommand {
    }

    @Creates
    record Issue(String holder, @ServerGenerated String code) implements TicketCommand {
        Issue withCode(String drawn) {
            return new Issue(holder, drawn);
        }
    }

    record Redeem(String code) implements TicketCommand {
    }

    sealed interface TicketEvent {
    }

    record Issued(String holder, String code) implements TicketEvent {
    }

    record Ticket(String code) {
    }

    static final class Rules implements Decider<TicketCommand, TicketEvent, Ticket> {
        @Override
        public Ticket initialState() {
            return new Ticket(null);
        }

        @Override
        public List<TicketEvent> decide(TicketCommand command, Ticket state) {
            return switch (command) {
                case Issue(String holder, String code) -> List.of(new Issued(holder, code));
                case Redeem redeem -> List.of();
            };
        }

        @Override
        public Ticket evolve(Ticket state, TicketEvent event) {
            return switch (event) {
                case Issued(String holder, String code) -> new Ticket(code);
            };
        }
    }

    private static final CommandCompletion<TicketCommand> DRAW_CODE = (command, values) ->
            command instanceof Issue issue ? issue.withCode(values.aggregateId() + "-" + values.random().nextInt(100))
                    : command;

    private static final AggregateType<TicketCommand, TicketEvent, Ticket> TICKET = AggregateType.of("ticket",
            new Rules(), TicketCommand.class, TicketEvent.class, Ticket.class, DRAW_CODE);

    @Test
    void commands_marked_creates_are_the_creating_commands() {
        assertThat(TICKET.creatingCommands()).containsExactly("issue");
        assertThat(TICKET.creates("issue")).isTrue();
        assertThat(TICKET.creates("redeem")).isFalse();
        assertThat(Lamp.TYPE.creatingCommands()).isEmpty();
    }

    @Test
    void server_generated_components_are_listed_by_command() {
        assertThat(TICKET.serverGenerated("issue")).containsExactly("code");
        assertThat(TICKET.serverGenerated("redeem")).isEmpty();
    }

    @Test
    void completion_draws_from_the_server_values() {
        ServerValues values = ServerValues.of("t-1", Instant.EPOCH, new Random(7), CALLER);
        int expected = new Random(7).nextInt(100);

        assertThat(TICKET.complete(new Issue("ann", null), values)).isEqualTo(new Issue("ann", "t-1-" + expected));
        assertThat(TICKET.complete(new Redeem("x"), values)).isEqualTo(new Redeem("x"));
    }

    @Test
    void a_completion_that_leaves_a_generated_component_unset_is_a_domain_bug() {
        AggregateType<TicketCommand, TicketEvent, Ticket> forgetful = AggregateType.of("ticket", new Rules(),
                TicketCommand.class, TicketEvent.class, Ticket.class, CommandCompletion.none());

        assertThatThrownBy(() -> forgetful.complete(new Issue("ann", null),
                ServerValues.of("t-1", Instant.EPOCH, new Random(), CALLER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("code of Issue unset");
    }

    @Test
    void a_type_with_generated_components_needs_a_completion() {
        assertThatThrownBy(() -> AggregateType.of("ticket", new Rules(), TicketCommand.class, TicketEvent.class,
                Ticket.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pass the CommandCompletion");
    }

    sealed interface Counted {
    }

    record Count(@ServerGenerated int drawn) implements Counted {
    }

    @Test
    void a_generated_component_cannot_be_primitive() {
        assertThatThrownBy(() -> AggregateType.of("counter", new Rules(), castCommands(Counted.class),
                TicketEvent.class, Ticket.class, CommandCompletion.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must have a reference type");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<TicketCommand> castCommands(Class<?> commands) {
        return (Class) commands;
    }
}
