package dev.annals.consumer.runtime;

import dev.annals.consumer.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.util.function.Function;

/**
 * Test code only: the runtime's transactions, except that an armed consumer's next one fails after its work and
 * before its commit (see {@link ProcessDeath}).
 */
@Alternative
@Priority(1)
@Singleton
class DyingTransactions extends ReactiveTransactions {

    private final ProcessDeath death;

    DyingTransactions(Pool pool, ProcessDeath death) {
        super(pool);
        this.death = death;
    }

    @Override
    public <T> Uni<T> inTransaction(Function<Sql, Uni<T>> work) {
        try {
            // on the consumer's own thread, which asks for its batch's transaction
            death.dieIfDue(ProcessDeath.Point.BEFORE_DATABASE_COMMIT);
        } catch (ProcessDeath.Killed killed) {
            return super.inTransaction(sql -> work.apply(sql).call(sql::flush)
                    .onItem().transformToUni(done -> Uni.createFrom().failure(killed)));
        }
        return super.inTransaction(work);
    }
}
