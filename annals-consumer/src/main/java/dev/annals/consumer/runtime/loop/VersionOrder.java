package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;

/**
 * The version rule every consumer's events pass before their handler runs: each aggregate's events in version
 * order, each once — version 1 first, then 2, 3, … The last version applied of each aggregate is kept in the
 * consumer's own table {@code annals_versions} (in a projection's generation schema, so a rebuild starts afresh),
 * written in the batch's transaction: a gap fails the event, which goes to the dead-letter topic after its retries
 * and parks its aggregate, instead of hiding a loss; a replayed event (see {@link Replayed}) is dead-lettered for the
 * record, never counted twice, and its aggregate goes on. Handlers check no versions themselves.
 */
public final class VersionOrder {

    public static final String TABLE = "annals_versions";

    /** Run in every schema a consumer writes (as the migration role, after its migrations). */
    public static final String CREATE_TABLE = "create table if not exists " + TABLE + " (aggregate_type text not null,"
            + " aggregate_id text not null, version bigint not null, primary key (aggregate_type, aggregate_id))";

    private VersionOrder() {
    }

    /** Queues the check and the advance for one event; the batch fails before it commits if the event is not next. */
    public static void advance(Sql sql, EventEnvelope event) {
        if (event.aggregateVersion() == 1) {
            sql.exec("insert into " + TABLE + " (aggregate_type, aggregate_id, version) values ($1, $2, 1)"
                            + " on conflict do nothing", event.aggregateType(), event.aggregateId())
                    .expectRows(1, () -> event.aggregateType() + " " + event.aggregateId() + ": "
                            + event.eventType() + " v1 was applied before; a replayed event is not applied twice");
            return;
        }
        sql.exec("update " + TABLE + " set version = $3 where aggregate_type = $1 and aggregate_id = $2"
                        + " and version = $3 - 1", event.aggregateType(), event.aggregateId(), event.aggregateVersion())
                .expectRows(1, () -> event.aggregateType() + " " + event.aggregateId() + ": " + event.eventType()
                        + " v" + event.aggregateVersion() + " is not its next event: v" + (event.aggregateVersion() - 1)
                        + " was not applied before it (events are missing), or v" + event.aggregateVersion()
                        + " was (a replay)");
    }

    /**
     * An operator's skip of an event (see {@code Redrive}): counted as applied, without its handler, if it is the
     * aggregate's next one; else nothing changes (a gap's or a replay's version is not the aggregate's).
     */
    public static void skip(Sql sql, EventEnvelope event) {
        if (event.aggregateVersion() == 1) {
            sql.exec("insert into " + TABLE + " (aggregate_type, aggregate_id, version) values ($1, $2, 1)"
                    + " on conflict do nothing", event.aggregateType(), event.aggregateId());
            return;
        }
        sql.exec("update " + TABLE + " set version = $3 where aggregate_type = $1 and aggregate_id = $2"
                + " and version = $3 - 1", event.aggregateType(), event.aggregateId(), event.aggregateVersion());
    }

    /** The last version of the aggregate this consumer applied (or reacted to); 0 if none. */
    public static Uni<Long> applied(Sql sql, String aggregateType, String aggregateId) {
        return sql.query("select version from " + TABLE + " where aggregate_type = $1 and aggregate_id = $2",
                aggregateType, aggregateId).map(rows -> rows.isEmpty() ? 0L : rows.getFirst().getLong(0));
    }

    /**
     * A reactor's events {@code from}..{@code to} of one aggregate recorded as reacted to, at once: true, or false
     * when another instance recorded them first (its reaction's effects were the same, under the same keys). A
     * stored version below {@code from - 1} fails: events are missing.
     */
    public static Uni<Boolean> advance(Sql sql, String aggregateType, String aggregateId, long from, long to) {
        Uni<Integer> changed = from == 1
                ? sql.update("insert into " + TABLE + " (aggregate_type, aggregate_id, version) values ($1, $2, $3)"
                + " on conflict do nothing", aggregateType, aggregateId, to)
                : sql.update("update " + TABLE + " set version = $4 where aggregate_type = $1 and aggregate_id = $2"
                + " and version = $3 - 1", aggregateType, aggregateId, from, to);
        return changed.chain(rows -> rows == 1 ? Uni.createFrom().item(true)
                : applied(sql, aggregateType, aggregateId).map(stored -> {
                    if (stored >= to) {
                        return false;
                    }
                    throw new MissingEvents(aggregateType, aggregateId, stored, from);
                }));
    }

    /**
     * An event of a version the consumer applied before, at a later offset: a copy (a producer's retry outside its
     * transaction, a replay tool). Dead-lettered for the record, but its aggregate is not parked: the read model
     * holds the aggregate as the log's fold does, and its later events apply as ever.
     */
    public static final class Replayed extends IllegalStateException {
        public Replayed(EventEnvelope event, long applied) {
            super(event.aggregateType() + " " + event.aggregateId() + ": " + event.eventType() + " v"
                    + event.aggregateVersion() + " is a replay: v" + applied + " is the last one applied; not applied"
                    + " twice, and its aggregate goes on");
        }
    }

    /** An aggregate's next event for this consumer is not the one at hand: events before it are missing. */
    public static final class MissingEvents extends IllegalStateException {
        public MissingEvents(String aggregateType, String aggregateId, long applied, long version) {
            super(aggregateType + " " + aggregateId + ": v" + version + " is not its next event: v" + applied
                    + " is the last one applied (events are missing)");
        }
    }
}
