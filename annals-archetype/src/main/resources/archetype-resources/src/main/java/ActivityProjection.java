package ${package};

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.BankAccountType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One row per bank account: how many deposits it had and how much they brought, as of its last event. The runtime
 * applies each account's events in version order, once each, in the same transaction as its checkpoint; the
 * handlers only say what each event does to the row.
 */
@ApplicationScoped
public class ActivityProjection implements Projection {

    /** Its consumer group (annals.projection.<name>), dead-letter topic and schema follow from the name. */
    public static final String NAME = "${artifactId}-activity";

    /** Where readers find its table: the published schema (the name, with _ for -). */
    public static final String TABLE = NAME.replace('-', '_') + ".activity";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.of(BankAccountType.TYPE)
                .on(AccountOpened.class, (opened, event, sql) -> sql.exec(
                        "insert into activity (account_id, owner, deposits, deposited, version)"
                                + " values ($1, $2, 0, 0, $3)",
                        event.aggregateId(), opened.owner(), event.aggregateVersion()))
                .on(MoneyDeposited.class, (deposited, event, sql) -> sql.exec(
                                "update activity set deposits = deposits + 1, deposited = deposited + $2, version = $3"
                                        + " where account_id = $1",
                                event.aggregateId(), deposited.amount(), event.aggregateVersion())
                        .expectRows(1, () -> "account " + event.aggregateId() + " has no row"))
                // withdrawals and closings change no count, but the row's version follows every event
                .onEvery((other, event, sql) -> sql.exec("update activity set version = $2 where account_id = $1",
                        event.aggregateId(), event.aggregateVersion()))
                .build();
    }
}
