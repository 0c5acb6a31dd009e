package dev.annals.domain.bank;

import dev.annals.core.AggregateType;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Registers the aggregate type {@code bank-account}; services find it as a CDI bean. */
@Dependent
public class BankAccountType {

    public static final String NAME = "bank-account";

    public static final AggregateType<AccountCommand, AccountEvent, Account> TYPE = AggregateType.of(NAME,
            new BankAccountDecider(), AccountCommand.class, AccountEvent.class, Account.class);

    @Produces
    @Singleton
    AggregateType<AccountCommand, AccountEvent, Account> bankAccount() {
        return TYPE;
    }
}
