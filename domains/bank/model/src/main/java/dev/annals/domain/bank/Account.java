package dev.annals.domain.bank;

import dev.annals.core.Caller;
import dev.annals.core.DomainRejection;

/**
 * A bank account as folded from its events. {@link #NONE} is an account nobody has opened yet.
 *
 * @param balance in minor units; never negative, because a withdrawal beyond it is rejected
 */
public record Account(Status status, String owner, long balance) {

    public static final Account NONE = new Account(Status.NONE, null, 0);

    public enum Status { NONE, OPEN, CLOSED }

    void requireOpen() {
        if (status == Status.NONE) {
            throw new DomainRejection("ACCOUNT_NOT_OPEN", "the account has not been opened");
        }
        if (status == Status.CLOSED) {
            throw new DomainRejection("ACCOUNT_CLOSED", "the account is closed");
        }
    }

    void requireOwnerOrTeller(Caller caller) {
        if (!caller.subject().equals(owner) && !caller.hasRole(BankAccountDecider.TELLER)) {
            throw new DomainRejection("NOT_ACCOUNT_OWNER", "only the account's owner or a teller may do this");
        }
    }

    void requireFunds(long amount) {
        if (amount > balance) {
            throw new DomainRejection("INSUFFICIENT_FUNDS",
                    "cannot withdraw " + amount + " from a balance of " + balance);
        }
    }

    void requireRoomFor(long amount) {
        if (amount > Long.MAX_VALUE - balance) {
            throw new DomainRejection("BALANCE_LIMIT_EXCEEDED",
                    "a deposit of " + amount + " would take the balance past " + Long.MAX_VALUE);
        }
    }

    void requireZeroBalance() {
        if (balance != 0) {
            throw new DomainRejection("BALANCE_NOT_ZERO", "only an empty account can be closed; balance " + balance);
        }
    }

    Account opened(String newOwner) {
        return new Account(Status.OPEN, newOwner, 0);
    }

    Account withBalance(long newBalance) {
        return new Account(status, owner, newBalance);
    }

    Account closed() {
        return new Account(Status.CLOSED, owner, balance);
    }
}
