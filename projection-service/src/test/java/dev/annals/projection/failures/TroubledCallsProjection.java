package dev.annals.projection.failures;

import dev.annals.consumer.PermanentFailure;
import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import io.smallrye.mutiny.Uni;

import java.io.IOException;

/**
 * Test code only: a projection whose handler calls another system, as a user's might. For an account of owner
 * {@value #UNREACHABLE} the call fails with an I/O error every time; for {@value #REFUSED} the other system says no
 * for good, and the handler throws {@link PermanentFailure}; any other is handled.
 */
public final class TroubledCallsProjection implements Projection {

    public static final String NAME = "troubled-calls";
    public static final String UNREACHABLE = "unreachable";
    public static final String REFUSED = "refused";

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
                    default -> Uni.createFrom().voidItem();
                })
                .build();
    }

    @Override
    public String migrations() {
        return new BankAccountsProjection().migrations();
    }
}
