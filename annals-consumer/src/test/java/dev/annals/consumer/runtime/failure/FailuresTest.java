package dev.annals.consumer.runtime.failure;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void aDatabaseThatIsAwayIsTransientWhereverTheCauseIsWrapped() {
        assertThat(Failures.isTransient(new CompletionException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(Failures.isTransient(new RuntimeException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(Failures.isTransient(pg("57P01"))).as("admin shutdown").isTrue();
        assertThat(Failures.isTransient(pg("08006"))).as("connection failure").isTrue();
        assertThat(Failures.isTransient(pg("40001"))).as("serialization failure").isTrue();
    }

    @Test
    void aFailoverIsTransientWhetherTheReactiveClientOrJdbcReportsIt() {
        assertThat(Failures.isTransient(pg("25006"))).as("read-only transaction, on a standby").isTrue();
        assertThat(Failures.isTransient(pg("57014"))).as("statement cancelled").isTrue();
        assertThat(Failures.isTransient(new RuntimeException(new SQLException("read-only", "25006"))))
                .as("as JDBC and Hibernate report it").isTrue();
        assertThat(Failures.isTransient(new SQLException("out of disk", "53100"))).as("disk full").isTrue();
    }

    /**
     * A database that is away is waited for however long it takes; a statement of the event's own that keeps
     * conflicting or being cancelled, the database answering, only up to the transient limit.
     */
    @Test
    void aServerThatIsAwayIsTheRuntimesOwnAndAStatementsConflictIsNot() {
        assertThat(Failures.isTheRuntimes(pg("57P01"))).as("admin shutdown").isTrue();
        assertThat(Failures.isTheRuntimes(pg("08006"))).as("connection failure").isTrue();
        assertThat(Failures.isTheRuntimes(pg("25006"))).as("a standby").isTrue();
        assertThat(Failures.isTheRuntimes(new RuntimeException(ClosedConnectionException.INSTANCE))).isTrue();
        assertThat(Failures.isTheRuntimes(pg("57014"))).as("statement cancelled").isFalse();
        assertThat(Failures.isTheRuntimes(pg("40P01"))).as("deadlock").isFalse();
        assertThat(Failures.isTheRuntimes(pg("55P03"))).as("lock not available").isFalse();
        assertThat(Failures.isTheRuntimes(new ConnectException("a partner's API"))).isFalse();
    }

    @Test
    void theWordsOfAMessageDecideNothing() {
        assertThat(Failures.isTransient(new VertxException("connection timeout closed"))).isFalse();
        assertThat(Failures.isTransient(pg("23505", "connection closed"))).as("unique violation").isFalse();
    }

    @Test
    void whatTheEventCausesIsNotTransient() {
        assertThat(Failures.isTransient(new IllegalStateException("account x has no row"))).isFalse();
        assertThat(Failures.isTransient(pg("23505"))).as("unique violation").isFalse();
        assertThat(Failures.isTransient(pg("22P02"))).as("invalid text representation").isFalse();
    }

    @Test
    void aFailureIsDescribedOnOneLineWithItsRootCause() {
        String described = Failures.describe(new RuntimeException("outer", new IllegalArgumentException("inner")));
        assertThat(described).isEqualTo("RuntimeException: outer (caused by IllegalArgumentException: inner)");
    }

    private static PgException pg(String state) {
        return pg(state, "boom");
    }

    private static PgException pg(String state, String message) {
        return new PgException(message, "ERROR", state, "detail");
    }
}
