package dev.annals.consumer.runtime.reactor;

import dev.annals.consumer.Deadline;
import dev.annals.consumer.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Duration;
import java.util.List;

/**
 * A reactor's deadlines, in its own schema beside its state (unqualified: the batch's search path is the
 * reactor's tables), written with the records of the reactions that schedule them. A deadline belongs to the
 * partition of the event that scheduled it: it fires on the instance that owns that partition, between its polls
 * (see {@link Reactions#fire}); the record of its firing removes it only if it is still due as it was, so two
 * instances that both fire it during a rebalance record it once (its effects carry the same derived keys).
 */
public final class Deadlines {

    public static final String TABLE = "annals_deadlines";

    /** Run in every reactor's schema (as the migration role, after its migrations). */
    public static final List<String> CREATE = List.of(
            "create table if not exists " + TABLE + " (name text not null, key text not null,"
                    + " due_at timestamptz not null, topic text not null, partition integer not null,"
                    + " attempts integer not null default 0, next_attempt_at timestamptz not null,"
                    + " last_error text, primary key (name, key))",
            "create index if not exists " + TABLE + "_due on " + TABLE + " (topic, partition, next_attempt_at)",
            // the aggregate whose reaction scheduled it: it fires after that aggregate's reactions, never beside
            // one; null for a deadline scheduled before the runtime noted it, which fires on its own
            "alter table " + TABLE + " add column if not exists aggregate text");

    private Deadlines() {
    }

    /** A deadline that came due, and where it belongs. */
    record Due(Deadline deadline, String topic, int partition, int attempts, String aggregate) {
    }

    /** Schedules the deadline, or moves it if one of the same name and key is waiting. */
    static void schedule(Sql sql, Deadline deadline, String topic, int partition, String aggregate) {
        sql.exec("insert into " + TABLE + " (name, key, due_at, topic, partition, attempts, next_attempt_at,"
                        + " aggregate) values ($1, $2, $3, $4, $5, 0, $3, $6) on conflict (name, key) do update set"
                        + " due_at = excluded.due_at, topic = excluded.topic, partition = excluded.partition,"
                        + " attempts = 0, next_attempt_at = excluded.due_at, last_error = null,"
                        + " aggregate = excluded.aggregate",
                deadline.name(), deadline.key(), deadline.due(), topic, partition, aggregate);
    }

    static void cancel(Sql sql, String name, String key) {
        sql.exec("delete from " + TABLE + " where name = $1 and key = $2", name, key);
    }

    /**
     * The deadlines of one partition that are due now, oldest first: a list to fire, each then recorded only if it
     * is still due as it was ({@link #stillDue}), which settles two instances that fire it during a rebalance.
     */
    static Uni<List<Due>> due(Sql sql, String topic, int partition, int atMost) {
        return sql.query("select name, key, due_at, attempts, aggregate from " + TABLE + " where topic = $1 and partition = $2"
                        + " and next_attempt_at <= now() order by next_attempt_at limit $3",
                        topic, partition, atMost)
                .map(rows -> rows.stream().map(row -> due(row, topic, partition)).toList());
    }

    /** Gone once fired; unless its handler scheduled it again, for another time. */
    public static void fired(Sql sql, Deadline deadline) {
        sql.exec("delete from " + TABLE + " where name = $1 and key = $2 and due_at = $3", deadline.name(),
                deadline.key(), deadline.due());
    }

    /** Whether the deadline is still waiting for this due time, locked until commit (false: fired or moved). */
    static Uni<Boolean> stillDue(Sql sql, Deadline deadline) {
        return sql.query("select 1 from " + TABLE + " where name = $1 and key = $2 and due_at = $3 for update",
                deadline.name(), deadline.key(), deadline.due()).map(rows -> !rows.isEmpty());
    }

    /** Its handler failed: it fires again after {@code backoff}, with the same keys (its due time is kept). */
    static void failed(Sql sql, Deadline deadline, String error, Duration backoff) {
        sql.exec("update " + TABLE + " set attempts = attempts + 1, last_error = $4,"
                        + " next_attempt_at = now() + $5 * interval '1 millisecond'"
                        + " where name = $1 and key = $2 and due_at = $3", deadline.name(), deadline.key(),
                deadline.due(), error, backoff.toMillis());
    }

    private static Due due(Row row, String topic, int partition) {
        return new Due(new Deadline(row.getString(0), row.getString(1), row.getOffsetDateTime(2).toInstant()),
                topic, partition, row.getInteger(3), row.getString(4));
    }
}
