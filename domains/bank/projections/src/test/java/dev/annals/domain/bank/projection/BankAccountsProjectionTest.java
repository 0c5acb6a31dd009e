package dev.annals.domain.bank.projection;

import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.AccountEvent.AccountClosed;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.AccountEvent.MoneyWithdrawn;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.test.Events;
import dev.annals.test.ProjectionFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.annals.test.ProjectionFixture.row;

class BankAccountsProjectionTest {

    private static final String ACCOUNTS = "select id, owner, balance, status, version from accounts order by id";

    private final ProjectionFixture accounts = ProjectionFixture.of(new BankAccountsProjection());

    @AfterEach
    void close() {
        accounts.close();
    }

    private static Events account(String id, AccountEvent... events) {
        return Events.of(BankAccountType.TYPE, id, events);
    }

    @Test
    void an_opened_account_has_nothing_in_it() {
        accounts.given(account("acc-1", new AccountOpened("ann")))
                .thenRows(ACCOUNTS, row("acc-1", "ann", 0, "OPEN", 1));
    }

    @Test
    void deposits_and_withdrawals_move_the_balance_and_the_version() {
        accounts.given(account("acc-1", new AccountOpened("ann"), new MoneyDeposited(100), new MoneyWithdrawn(30)))
                .given(account("acc-1", new MoneyDeposited(5)))
                .thenRows(ACCOUNTS, row("acc-1", "ann", 75, "OPEN", 4));
    }

    @Test
    void a_closed_account_says_so() {
        accounts.given(account("acc-1", new AccountOpened("ann"), new AccountClosed()))
                .thenRows(ACCOUNTS, row("acc-1", "ann", 0, "CLOSED", 2));
    }

    @Test
    void accounts_are_apart() {
        accounts.given(account("acc-1", new AccountOpened("ann"), new MoneyDeposited(1)),
                        account("acc-2", new AccountOpened("bob"), new MoneyDeposited(2)))
                .thenRows(ACCOUNTS, row("acc-1", "ann", 1, "OPEN", 2), row("acc-2", "bob", 2, "OPEN", 2));
    }

    @Test
    void a_replayed_deposit_is_not_counted_twice() {
        accounts.given(account("acc-1", new AccountOpened("ann"), new MoneyDeposited(100)))
                .when(Events.at(BankAccountType.TYPE, "acc-1", 2, new MoneyDeposited(100)))
                .thenRefused("MoneyDeposited v2 is a replay");
    }

    @Test
    void a_deposit_into_an_account_never_opened_is_refused() {
        accounts.when(account("acc-1", new MoneyDeposited(100)))
                .thenRefused("account acc-1 has no row");
    }
}
