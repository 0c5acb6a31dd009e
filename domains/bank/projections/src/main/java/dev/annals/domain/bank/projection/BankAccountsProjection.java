package dev.annals.domain.bank.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.domain.bank.AccountEvent.AccountClosed;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.AccountEvent.MoneyWithdrawn;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.domain.bank.BankReadModels;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Consumer;

/**
 * The bank's read model: one {@link AccountRow} per account, with balance, status and the version of the last
 * event applied. Each event must be the row's next version: a gap or a repeat is an error (the event goes to the
 * dead-letter topic), never a silent overwrite.
 */
@ApplicationScoped
public class BankAccountsProjection implements Projection {

    public static final String NAME = BankReadModels.ACCOUNTS;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.builder()
                .on(BankAccountType.TYPE, AccountOpened.class, (opened, envelope) -> {
                    Sql.requireFirst(envelope);
                    return new AccountRow(envelope.aggregateId(), opened.owner(), envelope.aggregateVersion())
                            .persist().replaceWithVoid();
                })
                .on(BankAccountType.TYPE, MoneyDeposited.class, (deposited, envelope) ->
                        update(envelope, account -> account.balance += deposited.amount()))
                .on(BankAccountType.TYPE, MoneyWithdrawn.class, (withdrawn, envelope) ->
                        update(envelope, account -> account.balance -= withdrawn.amount()))
                .on(BankAccountType.TYPE, AccountClosed.class, (closed, envelope) ->
                        update(envelope, account -> account.status = AccountRow.CLOSED))
                .build();
    }

    private static Uni<Void> update(EventEnvelope envelope, Consumer<AccountRow> change) {
        return AccountRow.<AccountRow>findById(envelope.aggregateId()).invoke(account -> {
            if (account == null) {
                throw new IllegalStateException("account " + envelope.aggregateId() + " has no row; "
                        + envelope.eventType() + " v" + envelope.aggregateVersion() + " cannot apply");
            }
            if (account.version + 1 != envelope.aggregateVersion()) {
                throw new IllegalStateException("account " + envelope.aggregateId() + " is at version "
                        + account.version + "; " + envelope.eventType() + " v" + envelope.aggregateVersion()
                        + " is not its next event");
            }
            change.accept(account);
            account.version = envelope.aggregateVersion();
        }).replaceWithVoid();
    }
}
