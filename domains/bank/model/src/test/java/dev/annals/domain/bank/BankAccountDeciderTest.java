package dev.annals.domain.bank;

import dev.annals.core.Caller;
import dev.annals.domain.bank.AccountCommand.CloseAccount;
import dev.annals.domain.bank.AccountCommand.Deposit;
import dev.annals.domain.bank.AccountCommand.OpenAccount;
import dev.annals.domain.bank.AccountCommand.Withdraw;
import dev.annals.domain.bank.AccountEvent.AccountClosed;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.AccountEvent.MoneyWithdrawn;
import dev.annals.test.DeciderFixture;
import org.junit.jupiter.api.Test;

import java.util.Set;

class BankAccountDeciderTest {

    private static final Caller ANN = new Caller("ann", Set.of("customer"));
    private static final Caller BOB = new Caller("bob", Set.of("customer"));
    private static final Caller TESS = new Caller("tess", Set.of(BankAccountDecider.TELLER));

    private final DeciderFixture<AccountCommand, AccountEvent, Account> account =
            DeciderFixture.of(BankAccountType.TYPE);

    @Test
    void a_new_account_opens_empty() {
        account.given()
                .when(new OpenAccount("ann", ANN))
                .then(new AccountOpened("ann"))
                .thenState(new Account(Account.Status.OPEN, "ann", 0));
    }

    @Test
    void an_open_account_cannot_be_opened_again() {
        account.given(new AccountOpened("ann")).when(new OpenAccount("bob", BOB)).thenRejected("ALREADY_EXISTS");
    }

    @Test
    void a_closed_account_cannot_be_reopened() {
        account.given(new AccountOpened("ann"), new AccountClosed())
                .when(new OpenAccount("ann", ANN))
                .thenRejected("ALREADY_EXISTS");
    }

    @Test
    void a_deposit_adds_to_the_balance() {
        account.given(new AccountOpened("ann"), new MoneyDeposited(100))
                .when(new Deposit(50))
                .then(new MoneyDeposited(50))
                .thenState(new Account(Account.Status.OPEN, "ann", 150));
    }

    @Test
    void a_deposit_into_an_unopened_account_is_rejected() {
        account.given().when(new Deposit(50)).thenRejected("ACCOUNT_NOT_OPEN");
    }

    @Test
    void a_deposit_into_a_closed_account_is_rejected() {
        account.given(new AccountOpened("ann"), new AccountClosed()).when(new Deposit(50))
                .thenRejected("ACCOUNT_CLOSED");
    }

    @Test
    void a_deposit_that_would_overflow_the_balance_is_rejected() {
        account.given(new AccountOpened("ann"), new MoneyDeposited(Long.MAX_VALUE - 10))
                .when(new Deposit(11))
                .thenRejected("BALANCE_LIMIT_EXCEEDED");
    }

    @Test
    void a_deposit_up_to_the_limit_is_accepted() {
        account.given(new AccountOpened("ann"), new MoneyDeposited(Long.MAX_VALUE - 10))
                .when(new Deposit(10))
                .then(new MoneyDeposited(10))
                .thenState(new Account(Account.Status.OPEN, "ann", Long.MAX_VALUE));
    }

    @Test
    void a_withdrawal_takes_from_the_balance() {
        account.given(new AccountOpened("ann"), new MoneyDeposited(100))
                .when(new Withdraw(30, ANN))
                .then(new MoneyWithdrawn(30))
                .thenState(new Account(Account.Status.OPEN, "ann", 70));
    }

    @Test
    void a_withdrawal_of_the_whole_balance_is_accepted() {
        account.given(new AccountOpened("ann"), new MoneyDeposited(100))
                .when(new Withdraw(100, ANN))
                .then(new MoneyWithdrawn(100))
                .thenState(new Account(Account.Status.OPEN, "ann", 0));
    }

    @Test
    void withdrawal_beyond_balance_is_rejected() {
        account.given(new AccountOpened("ann"), new MoneyDeposited(100))
                .when(new Withdraw(101, ANN))
                .thenRejected("INSUFFICIENT_FUNDS");
    }

    @Test
    void a_withdrawal_from_an_unopened_account_is_rejected() {
        account.given().when(new Withdraw(1, ANN)).thenRejected("ACCOUNT_NOT_OPEN");
    }

    @Test
    void a_withdrawal_from_a_closed_account_is_rejected() {
        account.given(new AccountOpened("ann"), new AccountClosed()).when(new Withdraw(1, ANN))
                .thenRejected("ACCOUNT_CLOSED");
    }

    @Test
    void an_empty_account_closes() {
        account.given(new AccountOpened("ann"), new MoneyDeposited(100), new MoneyWithdrawn(100))
                .when(new CloseAccount(ANN))
                .then(new AccountClosed())
                .thenState(new Account(Account.Status.CLOSED, "ann", 0));
    }

    @Test
    void an_account_with_money_cannot_close() {
        account.given(new AccountOpened("ann"), new MoneyDeposited(1))
                .when(new CloseAccount(ANN))
                .thenRejected("BALANCE_NOT_ZERO");
    }

    @Test
    void an_unopened_account_cannot_close() {
        account.given().when(new CloseAccount(ANN)).thenRejected("ACCOUNT_NOT_OPEN");
    }

    @Test
    void a_closed_account_cannot_close_again() {
        account.given(new AccountOpened("ann"), new AccountClosed()).when(new CloseAccount(ANN))
                .thenRejected("ACCOUNT_CLOSED");
    }

    @Test
    void only_a_closed_account_is_terminal() {
        var decider = BankAccountType.TYPE.decider();
        org.assertj.core.api.Assertions.assertThat(decider.isTerminal(Account.NONE)).isFalse();
        org.assertj.core.api.Assertions.assertThat(
                decider.isTerminal(decider.fold(java.util.List.of(new AccountOpened("ann"))))).isFalse();
        org.assertj.core.api.Assertions.assertThat(
                decider.isTerminal(decider.fold(java.util.List.of(new AccountOpened("ann"), new AccountClosed()))))
                .isTrue();
    }

    @Test
    void only_the_owner_or_a_teller_withdraws() {
        account.given(new AccountOpened("ann"), new MoneyDeposited(100))
                .when(new Withdraw(10, BOB))
                .thenRejected("NOT_ACCOUNT_OWNER");
        account.given(new AccountOpened("ann"), new MoneyDeposited(100))
                .when(new Withdraw(10, TESS))
                .then(new MoneyWithdrawn(10));
    }

    @Test
    void only_the_owner_or_a_teller_closes() {
        account.given(new AccountOpened("ann")).when(new CloseAccount(BOB)).thenRejected("NOT_ACCOUNT_OWNER");
        account.given(new AccountOpened("ann")).when(new CloseAccount(TESS)).then(new AccountClosed());
    }

    @Test
    void a_customer_opens_an_account_for_themselves_only_and_a_teller_for_anyone() {
        account.given().when(new OpenAccount("ann", BOB)).thenRejected("NOT_ACCOUNT_OWNER");
        account.given().when(new OpenAccount("ann", TESS)).then(new AccountOpened("ann"));
    }

    @Test
    void anyone_deposits() {
        account.given(new AccountOpened("ann")).when(new Deposit(5)).then(new MoneyDeposited(5));
    }
}
