package dev.annals.consumer.runtime.failure;

import dev.annals.consumer.Sql;
import dev.annals.consumer.runtime.loop.BatchEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a dead letter means for its aggregate in a consumer: the aggregate is <b>parked</b> there. Its later events
 * are <b>held</b> — recorded, not tried — instead of failing the version rule one by one (each a failed batch, a
 * one-at-a-time pass and a dead letter of its own), so the read model keeps the aggregate as it was before the
 * event, visibly ({@code parked} in the status, {@code GET /admin/consumers/<name>/parked}), while every other
 * aggregate goes on. A redrive after a fix ({@link Redrive}) applies the parked event and then the held ones, in
 * order, in one transaction. The tables live beside {@code annals_versions}, per generation: a rebuild parks
 * afresh.
 */
public final class Parking {

    public static final String PARKED = "annals_parked";
    public static final String HELD = "annals_held";

    /** Run in every schema a consumer writes (as the migration role, after its migrations). */
    public static final List<String> CREATE = List.of(
            "create table if not exists " + PARKED + " (aggregate_type text not null, aggregate_id text not null,"
                    + " version bigint not null, topic text not null, partition integer not null,"
                    + " kafka_offset bigint not null, reason text, parked_at timestamptz not null default now(),"
                    + " primary key (aggregate_type, aggregate_id))",
            "create table if not exists " + HELD + " (aggregate_type text not null, aggregate_id text not null,"
                    + " version bigint not null, topic text not null, partition integer not null,"
                    + " kafka_offset bigint not null, primary key (aggregate_type, aggregate_id, version))");

    private Parking() {
    }

    /** Parks the aggregate of a dead-lettered event, at that event (an aggregate parked before stays as it was). */
    public static void park(Sql sql, BatchEntry entry, String reason) {
        sql.exec("insert into " + PARKED + " (aggregate_type, aggregate_id, version, topic, partition, kafka_offset,"
                        + " reason) values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing",
                entry.envelope().aggregateType(), entry.envelope().aggregateId(),
                entry.envelope().aggregateVersion(), entry.record().topic(), entry.record().partition(),
                entry.offset(), reason);
    }

    /** Holds an event of a parked aggregate for its redrive. */
    public static void hold(Sql sql, BatchEntry entry) {
        sql.exec("insert into " + HELD + " (aggregate_type, aggregate_id, version, topic, partition, kafka_offset)"
                        + " values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
                entry.envelope().aggregateType(), entry.envelope().aggregateId(),
                entry.envelope().aggregateVersion(), entry.record().topic(), entry.record().partition(),
                entry.offset());
    }

    /** The aggregates ({@link #key}) among the entries' that are parked. */
    public static Uni<Set<String>> parkedAmong(Sql sql, Collection<BatchEntry> entries) {
        Set<String> types = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        for (BatchEntry entry : entries) {
            if (entry.envelope() != null) {
                types.add(entry.envelope().aggregateType());
                ids.add(entry.envelope().aggregateId());
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        // for share: a redrive (for update) waits for the transaction that holds an event here, or this one for
        // the redrive, which then finds the aggregate unparked; no event is held behind a redrive that missed it
        return sql.query("select aggregate_type, aggregate_id from " + PARKED + " where aggregate_type = any($1)"
                        + " and aggregate_id = any($2) for share", types.toArray(String[]::new),
                        ids.toArray(String[]::new))
                .map(rows -> {
                    Set<String> parked = new HashSet<>();
                    for (Row row : rows) {
                        parked.add(key(row.getString(0), row.getString(1)));
                    }
                    return parked;
                });
    }

    /** Whether any aggregate is parked in the consumer's current tables. */
    public static Uni<Boolean> any(Sql sql) {
        return sql.query("select exists (select 1 from " + PARKED + ")").map(rows -> rows.getFirst().getBoolean(0));
    }

    public static String key(String aggregateType, String aggregateId) {
        return aggregateType + "/" + aggregateId;
    }

    public static String key(BatchEntry entry) {
        return key(entry.envelope().aggregateType(), entry.envelope().aggregateId());
    }
}
