package dev.annals.projection.failures;

import dev.annals.consumer.runtime.Projections;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.DeadLetterLog;
import dev.annals.projection.testing.ReadModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler's own failures are classified by the handler where it matters: an I/O error of its own call is
 * retried for {@code annals.consumer.transient-limit} (2 s here), then the event is dead-lettered with that
 * reason and the partition goes on (it used to be retried for ever, every partition held); a {@code
 * PermanentFailure} is dead-lettered at once, without retries.
 */
@QuarkusTest
@TestProfile(HandlerFailuresTest.ShortTransientLimit.class)
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class HandlerFailuresTest {

    public static class ShortTransientLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("annals.consumer.transient-limit", "2s");
        }
    }

    @Inject
    Projections projections;

    @Test
    void a_failure_of_the_handlers_own_call_is_retried_for_a_while_and_one_it_says_is_permanent_not_at_all() {
        if (projections.state(TroubledCallsProjection.NAME).isEmpty()) {
            projections.start(new TroubledCallsProjection());
        }
        List<String> ids = idsInOnePartition(3);
        String unreachable = ids.get(0);
        String refused = ids.get(1);
        String after = ids.get(2);
        try (BankHistory history = new BankHistory()) {
            history.openWithDeposits(unreachable, TroubledCallsProjection.UNREACHABLE, 0);
            history.openWithDeposits(refused, TroubledCallsProjection.REFUSED, 0);
            history.openWithDeposits(after, "ann", 1);
            history.flush();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> appliedVersion(after) == 2);
        Map<String, DeadLetterLog.Letter> letters = DeadLetterLog.of(TroubledCallsProjection.NAME).stream()
                .filter(letter -> ids.contains(letter.key()))
                .collect(Collectors.toMap(DeadLetterLog.Letter::key, Function.identity()));
        assertThat(letters).containsOnlyKeys(unreachable, refused);
        assertThat(letters.get(unreachable).headers().get("annals_error"))
                .contains("IOException", "the partner's API does not answer");
        assertThat(letters.get(refused).headers())
                .containsEntry("annals_attempts", "1")
                .hasEntrySatisfying("annals_error", error -> assertThat(error)
                        .contains("PermanentFailure", "no such customer"));
        assertThat(projections.state(TroubledCallsProjection.NAME)).contains(RunnerState.RUNNING);
    }

    /** The last version of the account the projection applied; 0 if none. */
    private static long appliedVersion(String account) throws SQLException {
        try (Connection connection = ReadModel.owner(); PreparedStatement query = connection.prepareStatement(
                "select version from troubled_calls_g1.annals_versions where aggregate_id = ?")) {
            query.setString(1, account);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private static List<String> idsInOnePartition(int count) {
        List<String> ids = new ArrayList<>();
        int partition = BankHistory.partitionOf(BankHistory.newAccountId("x"));
        while (ids.size() < count) {
            String id = BankHistory.newAccountId("troubled");
            if (BankHistory.partitionOf(id) == partition) {
                ids.add(id);
            }
        }
        return ids;
    }
}
