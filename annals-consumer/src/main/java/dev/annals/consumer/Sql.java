package dev.annals.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The batch's SQL, in its one transaction. A handler <em>queues</em> statements with {@link #exec}; the runtime
 * sends every statement of the batch at once, in order, pipelined on one connection, and checks what they changed
 * before it commits. A handler that must read first {@link #query queries}, which sends what is queued before it,
 * so a read sees the batch's own writes. A reactor's reaction gets a {@linkplain #deferred deferred} one instead:
 * no transaction is open while it waits on the outside world, so its statements wait for its record and its
 * queries see what is committed.
 *
 * <pre>{@code
 * .on(MoneyDeposited.class, (deposited, event, sql) -> sql.exec(
 *         "update accounts set balance = balance + $2, version = $3 where id = $1",
 *         event.aggregateId(), deposited.amount(), event.aggregateVersion()))
 * }</pre>
 *
 * <p>Parameters are PostgreSQL's own {@code $1, $2, ...}. An {@link Instant} is bound as a {@code timestamptz};
 * text meant for a {@code jsonb} column goes through {@code $n::text::jsonb} (bound as {@code jsonb} directly, text
 * would be stored as one JSON string). Table names stay unqualified: the search path is the projection's current
 * tables.
 */
public final class Sql {

    /** Where a reaction's queries go: each in a short transaction of its own, on the reactor's tables. */
    @FunctionalInterface
    public interface Reads {
        Uni<List<Row>> query(String sql, Object... parameters);
    }

    private final SqlConnection connection;
    private final Reads reads;
    private final List<Queued> queue = new ArrayList<>();

    /** The runtime makes one per transaction. */
    public Sql(SqlConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.reads = null;
    }

    private Sql(Reads reads) {
        this.connection = null;
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /**
     * The runtime's, for a reaction: no transaction is open while its handler waits on the outside world, so its
     * statements stay queued until its effects are done and are then {@linkplain #moveTo moved} into the short
     * transaction that records the reaction; its queries read what is committed — what the aggregate's earlier
     * reactions wrote, not its own queued statements.
     */
    public static Sql deferred(Reads reads) {
        return new Sql(reads);
    }

    /** Whether this is a reaction's Sql ({@link #deferred}). */
    public boolean isDeferred() {
        return connection == null;
    }

    /** The runtime's: moves this (deferred) Sql's queued statements to the end of {@code transaction}'s queue. */
    public void moveTo(Sql transaction) {
        transaction.queue.addAll(queue);
        queue.clear();
    }

    /**
     * Queues a statement (INSERT, UPDATE, DELETE, or a SELECT run for its effect). It runs before the batch
     * commits, after everything queued before it; a failure fails the batch.
     */
    public Statement exec(String sql, Object... parameters) {
        Queued queued = new Queued(sql, tuple(parameters));
        queue.add(queued);
        return queued;
    }

    /** Runs a query now, after every statement queued before it; the rows in order. */
    public Uni<List<Row>> query(String sql, Object... parameters) {
        if (connection == null) {
            return reads.query(sql, parameters);
        }
        return flush().chain(() -> connection.preparedQuery(sql).execute(tuple(parameters)))
                .map(Sql::rows);
    }

    /** Runs a statement now, after every statement queued before it; answers the rows it changed. */
    public Uni<Integer> update(String sql, Object... parameters) {
        if (connection == null) {
            return Uni.createFrom().failure(new IllegalStateException("a reaction's statements are committed once"
                    + " its effects are done, so it cannot count what one changes now: queue it with exec (and"
                    + " expectRows)"));
        }
        return flush().chain(() -> connection.preparedQuery(sql).execute(tuple(parameters)))
                .map(RowSet::rowCount);
    }

    /**
     * Sends what is queued, pipelined, and fails with the first failure or unmet expectation; the runtime calls it
     * before it commits, and {@link #query} before it reads.
     */
    public Uni<Void> flush() {
        if (connection == null) {
            return Uni.createFrom().voidItem(); // a reaction's statements wait for its record's transaction
        }
        if (queue.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Queued> sending = List.copyOf(queue);
        queue.clear();
        // subscribed in order on one connection: PostgreSQL runs them in this order, one round trip for many
        List<Uni<Void>> results = new ArrayList<>(sending.size());
        for (Queued statement : sending) {
            results.add(connection.preparedQuery(statement.sql).execute(statement.parameters)
                    .invoke(statement::check).replaceWithVoid());
        }
        return Uni.join().all(results).andFailFast().replaceWithVoid();
    }

    /** A queued statement; what it must change can be said, and is checked before the batch commits. */
    public interface Statement {

        /**
         * The statement must change exactly {@code rows} rows, or the batch fails with {@code why} (the event
         * goes to the dead-letter topic after its retries): for read models that must not drift silently ("the
         * order must be resting here to be matched").
         */
        Statement expectRows(int rows, Supplier<String> why);
    }

    private static final class Queued implements Statement {

        private final String sql;
        private final Tuple parameters;
        private int expectedRows = -1;
        private Supplier<String> why;

        private Queued(String sql, Tuple parameters) {
            this.sql = Objects.requireNonNull(sql, "sql");
            this.parameters = parameters;
        }

        @Override
        public Statement expectRows(int rows, Supplier<String> why) {
            if (rows < 0) {
                throw new IllegalArgumentException("rows must be 0 or more, not " + rows);
            }
            this.expectedRows = rows;
            this.why = Objects.requireNonNull(why, "why");
            return this;
        }

        private void check(RowSet<Row> result) {
            if (expectedRows >= 0 && result.rowCount() != expectedRows) {
                throw new UnexpectedRowsException(why.get() + " (" + result.rowCount() + " rows changed, "
                        + expectedRows + " expected)");
            }
        }
    }

    /** A statement changed another number of rows than its handler said it must. */
    public static final class UnexpectedRowsException extends IllegalStateException {
        public UnexpectedRowsException(String message) {
            super(message);
        }
    }

    private static Tuple tuple(Object[] parameters) {
        List<Object> values = new ArrayList<>(parameters.length);
        for (Object parameter : parameters) {
            values.add(parameter instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)
                    : parameter);
        }
        return Tuple.from(values);
    }

    private static List<Row> rows(RowSet<Row> set) {
        List<Row> rows = new ArrayList<>(set.size());
        set.forEach(rows::add);
        return rows;
    }
}
