package dev.annals.domain.bank;

import dev.annals.core.Caller;
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

/**
 * The rules of a bank account: open it once, move money while it is open, never overdraw, close it empty. Only the
 * owner or a {@value #TELLER} opens, withdraws from or closes an account; anyone may deposit.
 */
public final class BankAccountDecider implements Decider<AccountCommand, AccountEvent, Account> {

    /** The role that may act on anyone's account. */
    public static final String TELLER = "teller";

    @Override
    public Account initialState() {
        return Account.NONE;
    }

    // Exhaustive switches with no default: a command or event added to the sealed interface without a branch here
    // is a compile error, not a runtime surprise.
    @Override
    public List<AccountEvent> decide(AccountCommand command, Account account) {
        return switch (command) {
            case OpenAccount(String owner, Caller by) -> {
                // The service refuses a creating command on an existing aggregate before decide runs; the decider
                // says the same, so the rule holds wherever it is used.
                if (account.status() != Account.Status.NONE) {
                    throw new DomainRejection("ALREADY_EXISTS", "the account was opened before");
                }
                if (!by.subject().equals(owner) && !by.hasRole(TELLER)) {
                    throw new DomainRejection("NOT_ACCOUNT_OWNER", "only a teller opens an account for someone "
                            + "else; open it with owner " + by.subject());
                }
                yield List.of(new AccountOpened(owner));
            }
            case Deposit(long amount) -> {
                account.requireOpen();
                account.requireRoomFor(amount);
                yield List.of(new MoneyDeposited(amount));
            }
            case Withdraw(long amount, Caller by) -> {
                account.requireOpen();
                account.requireOwnerOrTeller(by);
                account.requireFunds(amount);
                yield List.of(new MoneyWithdrawn(amount));
            }
            case CloseAccount(Caller by) -> {
                account.requireOpen();
                account.requireOwnerOrTeller(by);
                account.requireZeroBalance();
                yield List.of(new AccountClosed());
            }
        };
    }

    @Override
    public Account evolve(Account account, AccountEvent event) {
        return switch (event) {
            case AccountOpened(String owner) -> account.opened(owner);
            case MoneyDeposited(long amount) -> account.withBalance(account.balance() + amount);
            case MoneyWithdrawn(long amount) -> account.withBalance(account.balance() - amount);
            case AccountClosed() -> account.closed();
        };
    }

    @Override
    public boolean isTerminal(Account account) {
        return account.status() == Account.Status.CLOSED;
    }
}
