package dev.annals.domain.bank;

import dev.annals.core.Caller;
import dev.annals.core.json.DomainJson;
import dev.annals.core.json.InvalidJsonException;
import dev.annals.domain.bank.AccountCommand.CloseAccount;
import dev.annals.domain.bank.AccountCommand.Deposit;
import dev.annals.domain.bank.AccountCommand.OpenAccount;
import dev.annals.domain.bank.AccountCommand.Withdraw;
import dev.annals.domain.bank.AccountEvent.AccountClosed;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BankAccountTypeTest {

    private static final Caller ANN = new Caller("ann", Set.of("customer"));

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private final Validator validator = VALIDATION.getValidator();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    @Test
    void rest_names_of_the_commands_and_events() {
        assertThat(BankAccountType.TYPE.name()).isEqualTo("bank-account");
        assertThat(BankAccountType.TYPE.commandNames()).containsExactly("open", "deposit", "withdraw", "close");
        assertThat(BankAccountType.TYPE.eventNames())
                .containsExactly("AccountOpened", "MoneyDeposited", "MoneyWithdrawn", "AccountClosed");
        assertThat(BankAccountType.TYPE.cloudEventType("MoneyDeposited")).isEqualTo("bank-account.MoneyDeposited");
    }

    @Test
    void commands_events_and_state_round_trip_through_domain_json() {
        for (Object value : new Object[]{new OpenAccount("ann", ANN), new Deposit(5), new Withdraw(7, ANN),
                new CloseAccount(ANN),
                new MoneyDeposited(5), new AccountClosed(), new Account(Account.Status.OPEN, "ann", 12)}) {
            assertThat(DomainJson.read(DomainJson.write(value), value.getClass())).isEqualTo(value);
        }
        assertThat(new String(DomainJson.write(new AccountClosed()), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void an_amount_is_a_whole_number_never_a_fraction_or_text() {
        assertThatThrownBy(() -> read("{\"amount\": 1.5}", Deposit.class)).isInstanceOf(InvalidJsonException.class);
        assertThatThrownBy(() -> read("{\"amount\": \"5\"}", Deposit.class)).isInstanceOf(InvalidJsonException.class);
        assertThatThrownBy(() -> read("{\"amount\": 5, \"currency\": \"EUR\"}", Deposit.class))
                .isInstanceOf(InvalidJsonException.class);
    }

    @Test
    void amounts_must_be_positive_and_owners_named() {
        assertThat(validator.validate(new Deposit(0))).hasSize(1);
        assertThat(validator.validate(new Withdraw(-5, null))).hasSize(1);
        assertThat(validator.validate(new Deposit(1))).isEmpty();
        assertThat(validator.validate(new OpenAccount(" ", null))).hasSize(1);
        assertThat(validator.validate(new OpenAccount(null, null))).hasSize(1);
        assertThat(validator.validate(new OpenAccount("x".repeat(201), null))).hasSize(1);
        assertThat(validator.validate(new OpenAccount("ann", null))).isEmpty();
    }

    private static <T> T read(String json, Class<T> type) {
        return DomainJson.read(json.getBytes(StandardCharsets.UTF_8), type);
    }
}
