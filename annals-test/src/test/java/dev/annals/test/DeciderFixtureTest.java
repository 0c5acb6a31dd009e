package dev.annals.test;

import dev.annals.core.Decider;
import dev.annals.test.Counter.Bump;
import dev.annals.test.Counter.Command;
import dev.annals.test.Counter.Event;
import dev.annals.test.Counter.Explode;
import dev.annals.test.Counter.Increment;
import dev.annals.test.Counter.Incremented;
import dev.annals.test.Counter.Reset;
import dev.annals.test.Counter.State;
import dev.annals.test.Counter.WasReset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every outcome of the fixture, passing and failing: a fixture that cannot fail would prove nothing. */
class DeciderFixtureTest {

    private final DeciderFixture<Command, Event, State> counter = DeciderFixture.of(new Counter());

    @Nested
    class Then {

        @Test
        void passes_when_the_events_match() {
            assertThatCode(() -> counter.given(new Incremented(2)).when(new Increment(3)).then(new Incremented(3)))
                    .doesNotThrowAnyException();
        }

        @Test
        void fails_when_other_events_are_produced() {
            assertThatThrownBy(() -> counter.given().when(new Increment(3)).then(new Incremented(4)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("produced other events");
        }

        @Test
        void fails_when_the_command_is_rejected() {
            assertThatThrownBy(() -> counter.given().when(new Increment(0)).then(new Incremented(0)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("was rejected with NOT_POSITIVE");
        }

        @Test
        void fails_when_decide_throws() {
            assertThatThrownBy(() -> counter.given().when(new Explode()).then(new Incremented(1)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("decide threw java.lang.IllegalStateException: bug");
        }
    }

    @Nested
    class ThenNoEvents {

        @Test
        void passes_when_nothing_changes() {
            assertThatCode(() -> counter.given().when(new Reset()).thenNoEvents()).doesNotThrowAnyException();
        }

        @Test
        void fails_when_events_are_produced() {
            assertThatThrownBy(() -> counter.given(new Incremented(1)).when(new Reset()).thenNoEvents())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("produced other events");
        }
    }

    @Nested
    class ThenRejectedRecording {

        @Test
        void passes_with_the_reason_and_the_events_recorded() {
            assertThatCode(() -> counter.given(new Incremented(9)).when(new Bump(2))
                    .thenRejectedRecording("OVERFLOW", new WasReset())
                    .thenState(new State(0)))
                    .doesNotThrowAnyException();
        }

        @Test
        void fails_with_other_events_recorded() {
            assertThatThrownBy(() -> counter.given(new Incremented(9)).when(new Bump(2))
                    .thenRejectedRecording("OVERFLOW", new Incremented(1)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("recording other events");
        }

        @Test
        void a_plain_then_rejected_fails_when_the_rejection_records_events() {
            assertThatThrownBy(() -> counter.given(new Incremented(9)).when(new Bump(2)).thenRejected("OVERFLOW"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("recording other events");
        }

        @Test
        void fails_when_a_plain_rejection_records_nothing() {
            assertThatThrownBy(() -> counter.given(new Incremented(9)).when(new Increment(2))
                    .thenRejectedRecording("LIMIT_REACHED", new WasReset()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("recording other events");
        }
    }

    @Nested
    class ThenRejected {

        @Test
        void passes_with_the_expected_reason() {
            assertThatCode(() -> counter.given(new Incremented(9)).when(new Increment(2)).thenRejected("LIMIT_REACHED"))
                    .doesNotThrowAnyException();
        }

        @Test
        void fails_with_another_reason() {
            assertThatThrownBy(() -> counter.given().when(new Increment(-1)).thenRejected("LIMIT_REACHED"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("rejected for another reason")
                    .hasMessageContaining("NOT_POSITIVE");
        }

        @Test
        void fails_when_the_command_is_accepted() {
            assertThatThrownBy(() -> counter.given().when(new Increment(1)).thenRejected("LIMIT_REACHED"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("but it was accepted with events [Incremented[by=1]]");
        }

        @Test
        void fails_when_decide_throws() {
            assertThatThrownBy(() -> counter.given().when(new Explode()).thenRejected("LIMIT_REACHED"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("a rejection with LIMIT_REACHED but decide threw");
        }
    }

    @Nested
    class ThenState {

        @Test
        void passes_with_the_state_after_the_new_events() {
            assertThatCode(() -> counter.given(new Incremented(4)).when(new Increment(3))
                    .then(new Incremented(3))
                    .thenState(new State(7)))
                    .doesNotThrowAnyException();
        }

        @Test
        void fails_with_another_state() {
            assertThatThrownBy(() -> counter.given(new Incremented(4)).when(new Increment(3)).thenState(new State(3)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the state after");
        }

        @Test
        void fails_when_the_command_is_rejected() {
            assertThatThrownBy(() -> counter.given().when(new Increment(0)).thenState(new State(0)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("was rejected with NOT_POSITIVE");
        }

        @Test
        void of_the_history_alone_tests_evolve() {
            assertThatCode(() -> counter.given(new Incremented(4), new WasReset(), new Incremented(2))
                    .thenState(new State(2)))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> counter.given(new Incremented(4)).thenState(new State(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("folds to another state");
        }
    }

    @Nested
    class DeciderBugs {

        @Test
        void a_decide_that_is_not_deterministic_is_caught() {
            DeciderFixture<Command, Event, State> clocked = DeciderFixture.of(new Delegating(new Counter()) {
                private int calls;

                @Override
                public List<Event> decide(Command command, State state) {
                    return List.of(new Incremented(++calls)); // like reading a clock inside decide
                }
            });

            assertThatThrownBy(() -> clocked.given().when(new Increment(1)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("decide is not deterministic");
        }

        @Test
        void an_evolve_that_rejects_what_decide_produced_is_caught() {
            DeciderFixture<Command, Event, State> forgetful = DeciderFixture.of(new Delegating(new Counter()) {
                @Override
                public State evolve(State state, Event event) {
                    return switch (event) {
                        case WasReset() -> throw new IllegalArgumentException("unknown event " + event);
                        case Incremented incremented -> super.evolve(state, event);
                    };
                }
            });

            assertThatThrownBy(() -> forgetful.given(new Incremented(1)).when(new Reset()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("evolve fails on the events decide produced");
            assertThatThrownBy(() -> forgetful.given(new Incremented(1), new WasReset()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("evolve failed on given event 2");
        }
    }

    /** A decider that forwards to another, so a test can break one function at a time. */
    private static class Delegating implements Decider<Command, Event, State> {

        private final Decider<Command, Event, State> delegate;

        Delegating(Decider<Command, Event, State> delegate) {
            this.delegate = delegate;
        }

        @Override
        public State initialState() {
            return delegate.initialState();
        }

        @Override
        public List<Event> decide(Command command, State state) {
            return delegate.decide(command, state);
        }

        @Override
        public State evolve(State state, Event event) {
            return delegate.evolve(state, event);
        }
    }
}
