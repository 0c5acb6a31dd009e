package dev.annals.projection;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.consumer.runtime.OtherInstance;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.projection.journal.EventJournalProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.RenamedProjection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's positions are in commit order, even with several consumers writing it at once: a reader that has
 * seen every row up to position n never finds another row at or below n later. query-service's streams of a
 * whole type resume from a position and rely on it; without it a resumed stream could skip an event.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class JournalPositionOrderTest {

    private static final Duration AT_MOST = Duration.ofMinutes(2);

    @Inject
    Consumers projections;

    @Test
    void noRowAppearsBelowAPositionAReaderHasAlreadySeen() throws Exception {
        RenamedProjection journal = new RenamedProjection("ordered-journal", new EventJournalProjection());
        List<String> ids = BankHistory.newAccountIds("ordered", 60);
        try (BankHistory history = new BankHistory()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner", 40));
            history.flush();
        }
        long expected = ids.size() * 41L;
        // two consumers, this instance's and another's, share the partitions and commit batches at the same time
        projections.start(journal);
        OtherInstance otherInstance = CDI.current().select(OtherInstance.class).get();
        otherInstance.addConsumer(journal.name());

        List<String> violations = new ArrayList<>();
        long reads = 0;
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        try (Connection reader = ReadModel.reader()) {
            long seenCount = 0;
            long seenMax = 0;
            long ours = 0;
            while (ours < expected && System.nanoTime() < deadline) {
                long below = count(reader, "select count(*) from ordered_journal.events where position <= ?",
                        seenMax);
                if (below != seenCount) {
                    violations.add(below - seenCount + " row(s) appeared at or below position " + seenMax);
                }
                try (PreparedStatement now = reader.prepareStatement("select count(*), coalesce(max(position), 0),"
                        + " count(*) filter (where aggregate_id = any(?)) from ordered_journal.events")) {
                    now.setArray(1, reader.createArrayOf("text", ids.toArray()));
                    try (ResultSet result = now.executeQuery()) {
                        result.next();
                        seenCount = result.getLong(1);
                        seenMax = result.getLong(2);
                        ours = result.getLong(3);
                    }
                }
                reads++;
            }
            assertThat(ours).as("the journal holds this test's events").isEqualTo(expected);
        } finally {
            otherInstance.close();
            projections.stop(journal.name());
        }
        assertThat(reads).as("the reader watched the journal grow").isGreaterThan(10);
        assertThat(violations).isEmpty();
    }

    private static long count(Connection connection, String sql, long parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, parameter);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
