package dev.annals.consumer.runtime;

import dev.annals.consumer.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * Runs the consumers' database work on the reactive PG client: one transaction per unit, on one pooled
 * connection, with a {@link Sql} whose queued statements are sent together, pipelined, before the commit.
 *
 * <p>Why the PG client and not Hibernate Reactive, which the runtime used first: a session runs its statements one
 * round trip at a time, and a projection's batch is hundreds of small statements. Queued on one connection they
 * cost a round trip or two per batch (docs/benchmarks.md, figure 4).
 */
@ApplicationScoped
public class ReactiveTransactions {

    private final Pool pool;

    // protected: a test may put a subclass in its place (a CDI alternative) to fail a transaction at a chosen point
    protected ReactiveTransactions(Pool pool) {
        this.pool = pool;
    }

    /** {@code work} in one transaction: committed when it and its queued statements succeed, else rolled back. */
    public <T> Uni<T> inTransaction(Function<Sql, Uni<T>> work) {
        return inTransaction(pool, work);
    }

    /** The same on any pool: for the test fixtures, which run handlers as the runtime does, without Quarkus. */
    public static <T> Uni<T> inTransaction(Pool pool, Function<Sql, Uni<T>> work) {
        return pool.withTransaction(connection -> {
            Sql sql = new Sql(connection);
            return Uni.createFrom().deferred(() -> work.apply(sql)).call(sql::flush);
        });
    }
}
