package dev.annals.test;

import dev.annals.consumer.CommandOutcome;
import dev.annals.consumer.Reactor;
import dev.annals.consumer.ReactorHandlers;
import dev.annals.consumer.Send;
import dev.annals.test.ProjectionFixtureTest.TallyCommand;
import dev.annals.test.ProjectionFixtureTest.TallyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.annals.test.ProjectionFixture.row;
import static dev.annals.test.ProjectionFixtureTest.TALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reactor fixture, and through it the runtime's reaction path: a started tally is rung once (a command whose
 * outcome is kept in the reactor's own table), and an hour later reminded (a deadline).
 */
class ReactorFixtureTest {

    static final Duration REMIND_AFTER = Duration.ofHours(1);

    static final class TallyBell implements Reactor {
        public String name() {
            return "tally-bell";
        }

        public ReactorHandlers handlers() {
            return ReactorHandlers.of(TALLY)
                    .on(TallyEvent.Started.class, (started, event, react) -> react
                            .send(TALLY, event.aggregateId(), new TallyCommand.Add(1))
                            .invoke(outcome -> {
                                react.sql().exec("insert into outcomes (tally, reaction, outcome) values ($1, 'ring', $2)",
                                        event.aggregateId(), outcome.getClass().getSimpleName());
                                react.schedule("remind", event.aggregateId(), event.time().plus(REMIND_AFTER));
                            })
                            .replaceWithVoid())
                    .sends(TallyEvent.Noted.class, (noted, event) -> List.of(
                            Send.to(TALLY, event.aggregateId(), new TallyCommand.Add(7)).ifAt(event.aggregateVersion())))
                    .onDeadline("remind", (deadline, react) -> react
                            .send(TALLY, deadline.key(), new TallyCommand.Add(2)).replaceWithVoid())
                    .build();
        }
    }

    private final ReactorFixture bell = ReactorFixture.of(new TallyBell());

    @AfterEach
    void dropTheSchema() {
        bell.close();
    }

    @Test
    void a_started_tally_is_rung_once_and_the_outcome_kept_with_the_checkpoint() {
        bell.when(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .thenSends(Send.to(TALLY, "t-1", new TallyCommand.Add(1)));
        assertThat(bell.rows("select tally, outcome from outcomes")).containsExactly(row("t-1", "Accepted"));
    }

    @Test
    void a_refusal_is_an_outcome_the_handler_sees() {
        bell.answering(send -> new CommandOutcome.Rejected(1, "CLOSED", "the tally is closed"))
                .when(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .thenHandled();
        assertThat(bell.rows("select outcome from outcomes")).containsExactly(row("Rejected"));
    }

    @Test
    void keys_are_derived_from_the_event_and_the_reactor() {
        var sent = bell.when(Events.of(TALLY, "t-1", new TallyEvent.Started())).sent();
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().idempotencyKey()).startsWith("tally-bell/").endsWith("/1-add");
    }

    @Test
    void a_pure_rule_sends_its_commands_if_the_aggregate_is_still_where_the_event_left_it() {
        bell.given(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .when(Events.of(TALLY, "t-1", new TallyEvent.Noted("hello")))
                .thenSends(Send.to(TALLY, "t-1", new TallyCommand.Add(7)).ifAt(2));
    }

    @Test
    void a_deadline_is_scheduled_and_fires_its_handler_once() {
        // the fixture's first event happens at 2026-01-01T00:00:01Z
        bell.when(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .thenDeadline("remind", "t-1", Instant.parse("2026-01-01T00:00:01Z").plus(REMIND_AFTER))
                .whenDue("remind", "t-1")
                .thenSends(Send.to(TALLY, "t-1", new TallyCommand.Add(2)))
                .thenNoDeadline("remind", "t-1");
    }

    @Test
    void an_event_handled_before_does_nothing_again_by_the_version_rule() {
        bell.given(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .when(Events.at(TALLY, "t-1", 1, new TallyEvent.Started()))
                // checked before the handler: a copy of an event under another id would otherwise send with other keys
                .thenSends();
    }

    /**
     * A reaction's SQL is the runtime's here too: no transaction is open while it waits on the outside world, so it
     * cannot count what a statement changes now (production refuses it; so does the fixture).
     */
    @Test
    void a_reaction_that_counts_rows_now_fails_as_it_would_in_production() {
        ReactorFixture counting = ReactorFixture.of(new Reactor() {
            public String name() {
                return "tally-bell";
            }

            public ReactorHandlers handlers() {
                return ReactorHandlers.of(TALLY)
                        .on(TallyEvent.Started.class, (started, event, react) -> react.sql()
                                .update("delete from outcomes where tally = $1", event.aggregateId())
                                .replaceWithVoid())
                        .build();
            }
        });
        try {
            counting.when(Events.of(TALLY, "t-1", new TallyEvent.Started())).thenFails("queue it with exec");
        } finally {
            counting.close();
        }
    }

    @Test
    void the_fixture_fails_a_test_whose_commands_differ() {
        assertThatThrownBy(() -> bell.when(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .thenSends(Send.to(TALLY, "t-1", new TallyCommand.Add(2))))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("other commands");
    }
}
