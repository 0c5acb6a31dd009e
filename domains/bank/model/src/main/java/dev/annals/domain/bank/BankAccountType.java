package dev.annals.domain.bank;

import dev.annals.core.AggregateType;
import dev.annals.core.CommandCompletion;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Registers the aggregate type {@code bank-account}; services find it as a CDI bean. */
@Dependent
public class BankAccountType {

    public static final String NAME = "bank-account";

    /** Fills in who sends the commands whose rules depend on it. */
    public static final CommandCompletion<AccountCommand> COMPLETION = (command, values) -> switch (command) {
        case AccountCommand.OpenAccount open -> new AccountCommand.OpenAccount(open.owner(), values.caller());
        case AccountCommand.Withdraw withdraw -> new AccountCommand.Withdraw(withdraw.amount(), values.caller());
        case AccountCommand.CloseAccount close -> new AccountCommand.CloseAccount(values.caller());
        case AccountCommand.Deposit deposit -> deposit;
    };

    /** An account is its owner's: the read side answers it to her and the tellers only. */
    public static final AggregateType<AccountCommand, AccountEvent, Account> TYPE = AggregateType.of(NAME,
            new BankAccountDecider(), AccountCommand.class, AccountEvent.class, Account.class, COMPLETION)
            .ownedBy(Account::owner);

    @Produces
    @Singleton
    AggregateType<AccountCommand, AccountEvent, Account> bankAccount() {
        return TYPE;
    }
}
