package dev.annals.projection;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.RenamedProjection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A projection deployed after the events were written reads the whole log and ends equal to the others. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class LateProjectionTest {

    @Inject
    Consumers projections;

    @Test
    void aProjectionAddedAfterTenThousandEventsCatchesUpFromOffsetZero() {
        List<String> ids = BankHistory.accountsWithDeposits("late", 100, 99);
        assertThat(ids.stream().mapToLong(id -> 100).sum()).isEqualTo(10_000);
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> ReadModel.assertEqualsFold("bank_accounts", ids));

        RenamedProjection late = RenamedProjection.bank("late-accounts");
        projections.start(late);
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> ReadModel.assertEqualsFold(late.schema(), ids));
        assertThat(ReadModel.accounts(late.schema(), ids)).isEqualTo(ReadModel.accounts("bank_accounts", ids));
        // it started from offset 0: it holds every account of the log, not only this test's
        assertThat(ReadModel.number("select count(*) from late_accounts.accounts"))
                .isEqualTo(ReadModel.number("select count(*) from bank_accounts.accounts"));
    }
}
