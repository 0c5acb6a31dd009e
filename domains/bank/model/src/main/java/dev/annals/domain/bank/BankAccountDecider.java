package dev.annals.domain.bank;

import dev.annals.core.Decider;
import dev.annals.core.DomainRejection;
import dev.annals.domain.bank.AccountCommand.CloseAccount;
import dev.annals.domain.bank.AccountCommand.Deposit;
import dev.annals.domain.bank.AccountCommand.OpenAccount;
import dev.annals.domain.bank.AccountCommand.Withdraw;
import dev.annals.domain.bank.AccountEvent.AccountClosed;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.AccountEvent.MoneyWithdrawn;

import java.util.List;

/** The rules of a bank account: open it once, move money while it is open, never overdraw, close it empty. */
public final class BankAccountDecider implements Decider<AccountCommand, AccountEvent, Account> {

    @Override
    public Account initialState() {
        return Account.NONE;
    }

    // Java 17 has no type patterns in switch; each branch returns, and the compiler cannot check that every
    // command is handled, so the last line names the one that was not.
    @Override
    public List<AccountEvent> decide(AccountCommand command, Account account) {
        if (command instanceof OpenAccount open) {
            // The service refuses a creating command on an existing aggregate before decide runs; the decider says
            // the same, so the rule holds wherever it is used.
            if (account.status() != Account.Status.NONE) {
                throw new DomainRejection("ALREADY_EXISTS", "the account was opened before");
            }
            return List.of(new AccountOpened(open.owner()));
        }
        if (command instanceof Deposit deposit) {
            account.requireOpen();
            account.requireRoomFor(deposit.amount());
            return List.of(new MoneyDeposited(deposit.amount()));
        }
        if (command instanceof Withdraw withdraw) {
            account.requireOpen();
            account.requireFunds(withdraw.amount());
            return List.of(new MoneyWithdrawn(withdraw.amount()));
        }
        if (command instanceof CloseAccount) {
            account.requireOpen();
            account.requireZeroBalance();
            return List.of(new AccountClosed());
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    @Override
    public Account evolve(Account account, AccountEvent event) {
        if (event instanceof AccountOpened opened) {
            return account.opened(opened.owner());
        }
        if (event instanceof MoneyDeposited deposited) {
            return account.withBalance(account.balance() + deposited.amount());
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            return account.withBalance(account.balance() - withdrawn.amount());
        }
        if (event instanceof AccountClosed) {
            return account.closed();
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    @Override
    public boolean isTerminal(Account account) {
        return account.status() == Account.Status.CLOSED;
    }
}
