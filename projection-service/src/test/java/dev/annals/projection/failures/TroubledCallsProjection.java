package dev.annals.projection.failures;

import dev.annals.consumer.PermanentFailure;
import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import io.smallrye.mutiny.Uni;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test code only: a projection whose handler calls another system, as a user's might. For an account of owner
 * {@value #UNREACHABLE} the call fails with an I/O error every time; for {@value #REFUSED} the other system says no
 * for good, and the handler throws {@link PermanentFailure}; for {@value #FLAKY} it says no until a test clears
 * {@link #PARTNER_DOWN}; for {@value #CANCELLED} its statement is cancelled (SQLSTATE 57014) every time; any other
 * is handled.
 */
public final class TroubledCallsProjection implements Projection {

    public static final String NAME = "troubled-calls";
    public static final String UNREACHABLE = "unreachable";
    public static final String REFUSED = "refused";
    /** An owner whose statement the database cancels every time (a trigger, a statement_timeout), healthy else. */
    public static final String CANCELLED = "cancelled";
    /** An owner whose partner refuses while {@link #PARTNER_DOWN} is set, and takes once it is cleared: a fix. */
    public static final String FLAKY = "flaky";
    public static final AtomicBoolean PARTNER_DOWN = new AtomicBoolean();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.of(BankAccountType.TYPE)
                .onAsync(AccountOpened.class, (opened, event, sql) -> switch (opened.owner()) {
                    case UNREACHABLE -> Uni.createFrom().failure(new IOException(
                            "the partner's API does not answer"));
                    case REFUSED -> Uni.createFrom().failure(new PermanentFailure(
                            "the partner refused it: no such customer"));
                    case CANCELLED -> sql.query("do $$ begin raise exception 'canceling statement due to"
                            + " statement timeout' using errcode = 'query_canceled'; end $$").replaceWithVoid();
                    case FLAKY -> PARTNER_DOWN.get() ? Uni.createFrom().failure(new PermanentFailure(
                            "the partner refused it until its fix")) : Uni.createFrom().voidItem();
                    default -> Uni.createFrom().voidItem();
                })
                .build();
    }

    @Override
    public String migrations() {
        return new BankAccountsProjection().migrations();
    }
}
