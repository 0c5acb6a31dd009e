package dev.annals.core;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.List;

/** A small domain for core's tests: a lamp that can be switched and dimmed. */
final class Lamp implements Decider<Lamp.Command, Lamp.Event, Lamp.State> {

    sealed interface Command {
    }

    record SwitchOn(Instant at) implements Command {
    }

    @JsonTypeName("off")
    record SwitchOff() implements Command {
    }

    /** Commands may be grouped in nested sealed interfaces; the leaves are what counts. */
    sealed interface Dimming extends Command {
    }

    record DimTo(int percent) implements Dimming {
    }

    record ResetDimmerLED() implements Dimming {
    }

    sealed interface Event {
    }

    record SwitchedOn(Instant at) implements Event {
    }

    @JsonTypeName("LightsOut")
    record SwitchedOff() implements Event {
    }

    record Dimmed(int percent) implements Event {
    }

    record State(boolean on, int percent) {
    }

    static final AggregateType<Command, Event, State> TYPE =
            AggregateType.of("lamp", new Lamp(), Command.class, Event.class, State.class);

    @Override
    public State initialState() {
        return new State(false, 100);
    }

    // Java 17 has no type patterns in switch (Java 21 does), so a decider chains instanceof patterns and ends
    // with a throw for a command it does not know.
    @Override
    public List<Event> decide(Command command, State state) {
        if (command instanceof SwitchOn on) {
            return state.on() ? List.of() : List.of(new SwitchedOn(on.at()));
        }
        if (command instanceof SwitchOff) {
            return state.on() ? List.of(new SwitchedOff()) : List.of();
        }
        if (command instanceof DimTo dim) {
            if (!state.on()) {
                throw new DomainRejection("LAMP_OFF", "switch the lamp on first");
            }
            return List.of(new Dimmed(dim.percent()));
        }
        if (command instanceof ResetDimmerLED) {
            return List.of(new Dimmed(100));
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    @Override
    public State evolve(State state, Event event) {
        if (event instanceof SwitchedOn) {
            return new State(true, state.percent());
        }
        if (event instanceof SwitchedOff) {
            return new State(false, state.percent());
        }
        if (event instanceof Dimmed dimmed) {
            return new State(state.on(), dimmed.percent());
        }
        throw new IllegalArgumentException("unknown event " + event);
    }
}
