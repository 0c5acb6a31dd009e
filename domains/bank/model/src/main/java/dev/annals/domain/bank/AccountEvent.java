package dev.annals.domain.bank;

/** What happened to a bank account; past-tense facts, never changed once written. */
public sealed interface AccountEvent {

    record AccountOpened(String owner) implements AccountEvent {
    }

    record MoneyDeposited(long amount) implements AccountEvent {
    }

    record MoneyWithdrawn(long amount) implements AccountEvent {
    }

    record AccountClosed() implements AccountEvent {
    }
}
