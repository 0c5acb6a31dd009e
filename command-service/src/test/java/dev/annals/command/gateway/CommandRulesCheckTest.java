package dev.annals.command.gateway;

import dev.annals.core.AggregateTypes;
import dev.annals.domain.bank.BankAccountType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRulesCheckTest {

    private static final AggregateTypes TYPES = AggregateTypes.of(List.of(BankAccountType.TYPE));

    @Test
    void rules_of_served_types_and_commands_pass() {
        assertThat(CommandRulesCheck.unknownRules(Map.of("bank-account",
                Map.of("withdraw", List.of("teller"), "open", List.of("customer"))), TYPES)).isEmpty();
    }

    @Test
    void a_misspelt_type_or_command_is_named_rather_than_left_to_the_default_roles() {
        List<String> unknown = CommandRulesCheck.unknownRules(Map.of(
                "bank-acount", Map.of("withdraw", List.of("teller")),
                "bank-account", Map.of("withdrawl", List.of("teller"), "close", List.of("teller"))), TYPES);

        assertThat(unknown).hasSize(2)
                .anySatisfy(rule -> assertThat(rule).startsWith("\"bank-acount\" is not an aggregate type")
                        .contains("bank-account"))
                .anySatisfy(rule -> assertThat(rule).startsWith("\"bank-account\".withdrawl is not a command")
                        .contains("withdraw"));
    }
}
