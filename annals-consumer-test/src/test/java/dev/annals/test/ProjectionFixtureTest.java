package dev.annals.test;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.core.AggregateType;
import dev.annals.core.Decider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.List;

import static dev.annals.test.ProjectionFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixture, and through it the runtime's batch path: handlers' queued statements, a handler that reads what an
 * earlier one queued, and the version rule, which refuses a replayed or a skipped version of an aggregate.
 */
class ProjectionFixtureTest {

    sealed interface TallyCommand permits TallyCommand.Add {
        record Add(long amount) implements TallyCommand {
        }
    }

    sealed interface TallyEvent permits TallyEvent.Started, TallyEvent.Added, TallyEvent.Noted {
        record Started() implements TallyEvent {
        }

        record Added(long amount) implements TallyEvent {
        }

        record Noted(String note) implements TallyEvent {
        }
    }

    record Tally(long total) {
    }

    static final AggregateType<TallyCommand, TallyEvent, Tally> TALLY = AggregateType.of("tally", new Decider<>() {
        public Tally initialState() {
            return new Tally(0);
        }

        public List<TallyEvent> decide(TallyCommand command, Tally state) {
            return switch (command) {
                case TallyCommand.Add(long amount) -> List.of(new TallyEvent.Added(amount));
            };
        }

        public Tally evolve(Tally state, TallyEvent event) {
            return switch (event) {
                case TallyEvent.Started started -> state;
                case TallyEvent.Added(long amount) -> new Tally(state.total() + amount);
                case TallyEvent.Noted noted -> state;
            };
        }
    }, TallyCommand.class, TallyEvent.class, Tally.class);

    /** Queued statements for the tally, a reading handler for notes (it records the total it saw). */
    static final class Tallies implements Projection {
        public String name() {
            return "tallies";
        }

        public ProjectionHandlers handlers() {
            return ProjectionHandlers.of(TALLY)
                    .on(TallyEvent.Started.class, (started, event, sql) -> sql.exec(
                            "insert into tallies (id, total, version) values ($1, 0, $2)", event.aggregateId(),
                            event.aggregateVersion()))
                    .on(TallyEvent.Added.class, (added, event, sql) -> sql.exec(
                            "update tallies set total = total + $2, version = $3 where id = $1", event.aggregateId(),
                            added.amount(), event.aggregateVersion()).expectRows(1, () -> "no tally " + event.aggregateId()))
                    .onAsync(TallyEvent.Noted.class, (noted, event, sql) -> sql.query(
                                    "select total from tallies where id = $1", event.aggregateId())
                            .invoke(rows -> sql.exec("insert into notes (id, note, seen_total) values ($1, $2, $3)",
                                    event.aggregateId(), noted.note(), rows.getFirst().getLong(0)))
                            .replaceWithVoid())
                    .build();
        }
    }

    private final ProjectionFixture tallies = ProjectionFixture.of(new Tallies());

    @AfterEach
    void dropTheSchema() {
        tallies.close();
    }

    @Test
    void given_events_are_applied_in_one_batch_and_their_rows_read_back() {
        tallies.given(Events.of(TALLY, "t-1", new TallyEvent.Started(), new TallyEvent.Added(5)),
                        Events.of(TALLY, "t-2", new TallyEvent.Started()))
                .given(Events.of(TALLY, "t-1", new TallyEvent.Added(7)))
                .thenRows("select id, total, version from tallies order by id", row("t-1", 12, 3), row("t-2", 0, 1));
    }

    @Test
    void a_reading_handler_sees_what_the_batch_queued_before_it() {
        tallies.given(Events.of(TALLY, "t-1", new TallyEvent.Started(), new TallyEvent.Added(5),
                        new TallyEvent.Noted("after five"), new TallyEvent.Added(1)))
                .thenRows("select note, seen_total from notes", row("after five", 5));
    }

    @Test
    void a_replayed_version_is_refused_and_changes_nothing() {
        tallies.given(Events.of(TALLY, "t-1", new TallyEvent.Started(), new TallyEvent.Added(5)))
                .when(Events.at(TALLY, "t-1", 2, new TallyEvent.Added(5)))
                .thenRefused("Added v2 is a replay");
        assertThat(tallies.rows("select total, version from tallies")).containsExactly(row(5, 2));
        assertThat(tallies.parked()).as("a replay parks nothing: the tally is as the log's fold has it").isEmpty();
        tallies.given(Events.of(TALLY, "t-1", new TallyEvent.Added(1)))
                .thenRows("select total, version from tallies", row(6, 3));
    }

    @Test
    void a_replayed_first_event_is_refused() {
        tallies.given(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .when(Events.at(TALLY, "t-1", 1, new TallyEvent.Started()))
                .thenRefused("Started v1 is a replay");
    }

    @Test
    void a_skipped_version_is_refused_even_without_a_handler_that_would_notice() {
        // t-2 has no row yet that an update could miss: only the runtime's rule sees the gap
        tallies.given(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .when(Events.at(TALLY, "t-2", 2, new TallyEvent.Noted("first of t-2?")))
                .thenRefused("Noted v2 is not its next event");
    }

    /**
     * As in a service: the batch fails, is applied again an event at a time, the event that cannot be applied is
     * dead-lettered and its aggregate parked, and the batch's other aggregates are applied.
     */
    @Test
    void a_refused_event_parks_its_aggregate_and_the_rest_of_the_batch_applies() {
        tallies.given(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .when(Events.of(TALLY, "t-1", new TallyEvent.Added(3)), Events.at(TALLY, "t-9", 4,
                        new TallyEvent.Added(1)))
                .thenRefused("t-9");
        assertThat(tallies.rows("select id, total, version from tallies")).containsExactly(row("t-1", 3, 2));
        assertThat(tallies.parked()).containsExactly("tally/t-9");
    }

    @Test
    void a_parked_aggregates_later_events_are_held_not_applied() {
        tallies.when(Events.at(TALLY, "t-1", 1, new TallyEvent.Added(3)))
                .thenRefused("no tally t-1");
        tallies.given(Events.of(TALLY, "t-1", new TallyEvent.Added(4)), Events.of(TALLY, "t-2",
                        new TallyEvent.Started()))
                .thenRows("select id, total, version from tallies", row("t-2", 0, 1));
        assertThat(tallies.parked()).containsExactly("tally/t-1");
    }

    @Test
    void an_unmet_expectation_of_a_handler_refuses_the_batch() {
        // the row does not exist: the handler said its update must change one
        tallies.when(Events.at(TALLY, "t-1", 1, new TallyEvent.Added(3)))
                .thenRefused("no tally t-1");
    }

    @Test
    void the_fixture_fails_a_test_whose_rows_differ() {
        assertThatThrownBy(() -> tallies.given(Events.of(TALLY, "t-1", new TallyEvent.Started()))
                .thenRows("select id, total from tallies", row("t-1", 1)))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("answers other rows");
    }
}
