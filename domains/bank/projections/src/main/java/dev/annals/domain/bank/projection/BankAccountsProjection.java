package dev.annals.domain.bank.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.domain.bank.Account;
import dev.annals.domain.bank.AccountEvent.AccountClosed;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.AccountEvent.MoneyWithdrawn;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.domain.bank.BankReadModels;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The bank's read model: one row of {@code accounts} per account, with balance, status and the version of the
 * last event applied (the ETag of {@code GET /api/bank/accounts/{id}}). The runtime applies each account's events
 * in version order, once each; an update that finds no row means the model drifted from the log, and fails.
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
        return ProjectionHandlers.of(BankAccountType.TYPE)
                .on(AccountOpened.class, (opened, event, sql) -> sql.exec(
                        "insert into accounts (id, owner, balance, status, version) values ($1, $2, 0, $3, $4)",
                        event.aggregateId(), opened.owner(), Account.Status.OPEN.name(), event.aggregateVersion()))
                .on(MoneyDeposited.class, (deposited, event, sql) ->
                        change(sql, event, "balance = balance + $2", deposited.amount()))
                .on(MoneyWithdrawn.class, (withdrawn, event, sql) ->
                        change(sql, event, "balance = balance - $2", withdrawn.amount()))
                .on(AccountClosed.class, (closed, event, sql) ->
                        change(sql, event, "status = $2", Account.Status.CLOSED.name()))
                .build();
    }

    /** One change to an existing account's row ({@code $2} is {@code value}), which moves it to the event's version. */
    private static void change(Sql sql, EventEnvelope event, String set, Object value) {
        sql.exec("update accounts set " + set + ", version = $3 where id = $1", event.aggregateId(), value,
                        event.aggregateVersion())
                .expectRows(1, () -> "account " + event.aggregateId() + " has no row");
    }
}
