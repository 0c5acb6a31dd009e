package ${package};

import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.AccountEvent.MoneyWithdrawn;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.test.Events;
import dev.annals.test.ProjectionFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.annals.test.ProjectionFixture.row;

/** Given events, then rows: the projection's handlers through the runtime's path, on its real table. */
class ActivityProjectionTest {

    private static final String ACTIVITY = "select account_id, owner, deposits, deposited, version from activity";

    private final ProjectionFixture activity = ProjectionFixture.of(new ActivityProjection());

    @AfterEach
    void close() {
        activity.close();
    }

    private static Events account(String id, AccountEvent... events) {
        return Events.of(BankAccountType.TYPE, id, events);
    }

    @Test
    void deposits_are_counted_and_summed() {
        activity.given(account("acc-1", new AccountOpened("ann"), new MoneyDeposited(100), new MoneyDeposited(5)))
                .thenRows(ACTIVITY, row("acc-1", "ann", 2, 105, 3));
    }

    @Test
    void a_withdrawal_counts_nothing_but_moves_the_version() {
        activity.given(account("acc-1", new AccountOpened("ann"), new MoneyDeposited(100), new MoneyWithdrawn(30)))
                .thenRows(ACTIVITY, row("acc-1", "ann", 1, 100, 3));
    }

    @Test
    void a_replayed_deposit_is_refused() {
        activity.given(account("acc-1", new AccountOpened("ann"), new MoneyDeposited(100)))
                .when(Events.at(BankAccountType.TYPE, "acc-1", 2, new MoneyDeposited(100)))
                .thenRefused("MoneyDeposited v2 is a replay");
    }
}
