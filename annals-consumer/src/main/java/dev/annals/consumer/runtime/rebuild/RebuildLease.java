package dev.annals.consumer.runtime.rebuild;

import dev.annals.consumer.Sql;
import io.smallrye.mutiny.Uni;

import java.time.Duration;

/**
 * Who rebuilds a projection. Every instance that starts while a rebuild is under way starts a rebuild runner, but
 * only the one holding the lease on the projection's row in {@code annals_projection} applies batches; the others
 * stand by and take over when the holder's heartbeat is older than the lease. Every batch of the holder renews the
 * lease in the batch's own transaction, and a batch whose renewal finds another holder, or no rebuild of its
 * generation any more (another runner swapped it in), is rolled back and its runner stops: the check is made under
 * the row's lock, so no batch lands beside another runner's or in tables that are already serving.
 */
public final class RebuildLease {

    /** What a claim found. */
    enum Claim {
        /** This runner holds the lease now. */
        HELD,
        /** Another runner holds it, and its heartbeat is fresh. */
        TAKEN,
        /** The generation is not being rebuilt any more: swapped in, or replaced by a newer rebuild. */
        OVER
    }

    private RebuildLease() {
    }

    static Uni<Claim> claim(Sql sql, String projection, int generation, String runner, Duration lease) {
        return sql.update("update public.annals_projection set rebuild_runner = $3, rebuild_heartbeat = now()"
                        + " where name = $1 and rebuilding_generation = $2 and (rebuild_runner is null"
                        + " or rebuild_runner = $3 or rebuild_heartbeat < now() - $4 * interval '1 millisecond')",
                projection, generation, runner, lease.toMillis())
                .chain(claimed -> claimed == 1 ? Uni.createFrom().item(Claim.HELD)
                        : sql.query("select count(*) from public.annals_projection where name = $1"
                                + " and rebuilding_generation = $2", projection, generation)
                        .map(rows -> rows.get(0).getLong(0) > 0 ? Claim.TAKEN : Claim.OVER));
    }

    /** Renews the lease in the current transaction, locking the row until commit; fails if it is not held. */
    static Uni<Void> renew(Sql sql, String projection, int generation, String runner) {
        return sql.update("update public.annals_projection set rebuild_heartbeat = now() where name = $1"
                        + " and rebuilding_generation = $2 and rebuild_runner = $3", projection, generation, runner)
                .chain(renewed -> renewed == 1 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new LeaseLost(projection, generation)));
    }

    /** The runner does not hold the rebuild's lease any more; it must stop without writing. */
    public static final class LeaseLost extends RuntimeException {

        public LeaseLost(String projection, int generation) {
            super("projection " + projection + ": this runner no longer rebuilds generation " + generation
                    + " (another runner took it over, or it is swapped in)");
        }
    }
}
