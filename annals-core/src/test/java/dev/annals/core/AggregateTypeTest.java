package dev.annals.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateTypeTest {

    @Test
    void command_names_are_the_kebab_case_of_the_records_unless_declared() {
        assertThat(Lamp.TYPE.commandNames()).containsExactly("switch-on", "off", "dim-to", "reset-dimmer-led");
        assertThat(Lamp.TYPE.commandClass("dim-to")).contains(Lamp.DimTo.class);
        assertThat(Lamp.TYPE.commandClass("switch-off")).isEmpty();
        assertThat(Lamp.TYPE.commandName(new Lamp.SwitchOff())).isEqualTo("off");
    }

    @Test
    void a_type_says_whose_its_aggregates_are_only_when_told() {
        assertThat(Lamp.TYPE.hasOwner()).isFalse();
        assertThat(Lamp.TYPE.ownerOf(Lamp.TYPE.decider().initialState())).isEmpty();

        AggregateType<Lamp.Command, Lamp.Event, Lamp.State> owned =
                Lamp.TYPE.ownedBy(state -> state.on() ? "ann" : null);

        assertThat(owned.hasOwner()).isTrue();
        assertThat(owned.name()).isEqualTo(Lamp.TYPE.name());
        assertThat(owned.commandNames()).isEqualTo(Lamp.TYPE.commandNames());
        assertThat(owned.ownerOf(Lamp.TYPE.decider().initialState())).isEmpty();
        assertThat(owned.ownerOf(Lamp.TYPE.decider().fold(List.of(new Lamp.SwitchedOn(Instant.EPOCH))))).contains("ann");
    }

    @Test
    void fields_shown_to_the_owner_alone_are_declared_on_an_owned_type_only() {
        AggregateType<Lamp.Command, Lamp.Event, Lamp.State> owned = Lamp.TYPE.ownedBy(state -> "ann")
                .showingOnlyToItsOwner("percent");

        assertThat(owned.ownerOnlyFields()).containsExactly("percent");
        assertThat(owned.ownerOf(Lamp.TYPE.decider().initialState())).contains("ann");
        assertThat(Lamp.TYPE.ownerOnlyFields()).isEmpty();
        assertThatThrownBy(() -> Lamp.TYPE.showingOnlyToItsOwner("percent"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names no owner");
    }

    @Test
    void event_names_are_the_simple_names_unless_declared() {
        assertThat(Lamp.TYPE.eventNames()).containsExactly("SwitchedOn", "LightsOut", "Dimmed");
        assertThat(Lamp.TYPE.eventClass("LightsOut")).contains(Lamp.SwitchedOff.class);
        assertThat(Lamp.TYPE.eventName(new Lamp.Dimmed(40))).isEqualTo("Dimmed");
        assertThat(Lamp.TYPE.cloudEventType("Dimmed")).isEqualTo("lamp.Dimmed");
    }

    @ParameterizedTest
    @CsvSource({
            "Deposit, deposit",
            "CompletePurchase, complete-purchase",
            "OpenATMCard, open-atm-card",
            "AddItem2Cart, add-item2-cart",
    })
    void kebab_case(String simpleName, String expected) {
        assertThat(AggregateType.kebabCase(simpleName)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bank", "bank_account", "bank--account", "-bank", "bank-", "1bank", "bank account"})
    void type_names_are_lower_case_kebab_case(String name) {
        assertThatThrownBy(() -> AggregateType.of(name, new Lamp(), Lamp.Command.class, Lamp.Event.class,
                Lamp.State.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kebab-case");
    }

    @Test
    void type_names_have_a_length_limit() {
        assertThat(TypeName.isValid("a".repeat(TypeName.MAX_LENGTH))).isTrue();
        assertThat(TypeName.isValid("a".repeat(TypeName.MAX_LENGTH + 1))).isFalse();
    }

    sealed interface Unsealed {
    }

    record OnlyOne() implements Unsealed {
    }

    interface Open {
    }

    sealed interface WithClass {
    }

    static final class NotARecord implements WithClass {
    }

    sealed interface Clashing {
    }

    record Ping() implements Clashing {
    }

    @com.fasterxml.jackson.annotation.JsonTypeName("ping")
    record Pong() implements Clashing {
    }

    @Test
    void commands_must_be_a_sealed_interface_of_uniquely_named_records() {
        assertThatThrownBy(() -> withCommands(Open.class))
                .hasMessageContaining("is not sealed");
        assertThatThrownBy(() -> withCommands(WithClass.class))
                .hasMessageContaining("NotARecord must be a record");
        assertThatThrownBy(() -> withCommands(Clashing.class))
                .hasMessageContaining("share the name \"ping\"");
    }

    @Test
    void a_record_of_another_type_has_no_name() {
        assertThatThrownBy(() -> Lamp.TYPE.commandName(null)).isInstanceOf(NullPointerException.class);
        @SuppressWarnings({"unchecked", "rawtypes"})
        AggregateType<Object, Object, Object> raw = (AggregateType) Lamp.TYPE;
        assertThatThrownBy(() -> raw.commandName(new Ping()))
                .hasMessageContaining("is not a command of lamp");
    }

    @Test
    void fold_applies_the_history_in_order() {
        Lamp lamp = new Lamp();
        assertThat(lamp.fold(List.of(new Lamp.SwitchedOn(Instant.EPOCH), new Lamp.Dimmed(30), new Lamp.SwitchedOff())))
                .isEqualTo(new Lamp.State(false, 30));
        assertThat(lamp.fold(List.of())).isEqualTo(lamp.initialState());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void withCommands(Class<?> commands) {
        AggregateType.of("test", (Lamp) new Lamp(), (Class) commands, Lamp.Event.class, Lamp.State.class);
    }
}
