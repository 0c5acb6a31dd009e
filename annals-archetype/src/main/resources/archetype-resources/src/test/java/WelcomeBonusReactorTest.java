package ${package};

import dev.annals.consumer.Send;
import dev.annals.domain.bank.AccountCommand.Deposit;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.test.Events;
import dev.annals.test.ReactorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Given events, when one comes, then these commands. */
class WelcomeBonusReactorTest {

    private final ReactorFixture bonus = ReactorFixture.of(new WelcomeBonusReactor());

    @AfterEach
    void close() {
        bonus.close();
    }

    @Test
    void an_opened_account_gets_its_welcome_bonus() {
        bonus.when(Events.of(BankAccountType.TYPE, "acc-1", new AccountOpened("ann")))
                .thenSends(Send.to(BankAccountType.TYPE, "acc-1", new Deposit(WelcomeBonusReactor.BONUS)));
    }

    @Test
    void a_deposit_sends_nothing() {
        bonus.given(Events.of(BankAccountType.TYPE, "acc-1", new AccountOpened("ann")))
                .when(Events.of(BankAccountType.TYPE, "acc-1", new MoneyDeposited(100)))
                .thenSends();
    }
}
