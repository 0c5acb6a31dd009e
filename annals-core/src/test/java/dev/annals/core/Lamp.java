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

    @Override
    public List<Event> decide(Command command, State state) {
        return switch (command) {
            case SwitchOn(Instant at) -> state.on() ? List.of() : List.of(new SwitchedOn(at));
            case SwitchOff() -> state.on() ? List.of(new SwitchedOff()) : List.of();
            case DimTo(int percent) -> {
                if (!state.on()) {
                    throw new DomainRejection("LAMP_OFF", "switch the lamp on first");
                }
                yield List.of(new Dimmed(percent));
            }
            case ResetDimmerLED() -> List.of(new Dimmed(100));
        };
    }

    @Override
    public State evolve(State state, Event event) {
        return switch (event) {
            case SwitchedOn on -> new State(true, state.percent());
            case SwitchedOff() -> new State(false, state.percent());
            case Dimmed(int percent) -> new State(state.on(), percent);
        };
    }
}
