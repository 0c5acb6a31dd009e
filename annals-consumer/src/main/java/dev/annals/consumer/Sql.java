package dev.annals.consumer;

import dev.annals.core.envelope.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * Native SQL in the current batch's session and transaction, for read models that are easier to write as SQL
 * than as entities (upserts, jsonb). Parameters are positional: {@code ?1, ?2, ...}.
 */
public final class Sql {

    private Sql() {
    }

    /** Runs an INSERT, UPDATE or DELETE; answers the number of rows it changed. */
    public static Uni<Integer> update(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> bind(session.createNativeQuery(sql), parameters)
                .executeUpdate());
    }

    /**
     * Fails (so the event goes to the dead-letter topic) unless the event is its aggregate's first, version 1: a
     * row begun at a later version would hide the events lost before it. For the event that inserts a row.
     */
    public static void requireFirst(EventEnvelope event) {
        if (event.aggregateVersion() != 1) {
            throw new IllegalStateException(event.aggregateType() + " " + event.aggregateId() + ": "
                    + event.eventType() + " starts an aggregate at version 1, not " + event.aggregateVersion()
                    + "; the events before it are missing");
        }
    }

    /**
     * Moves a read-model row to the event's version, which must be the next one: {@code update <table> set
     * version = v where <idColumn> = <aggregate id> and version = v - 1}. A gap or a repeat fails the event (it
     * goes to the dead-letter topic) instead of silently overwriting the row. Table and column names are the
     * projection's own constants, never input.
     */
    public static Uni<Void> advanceVersion(String table, String idColumn, EventEnvelope event) {
        return update("update " + table + " set version = ?1 where " + idColumn + " = ?2 and version = ?1 - 1",
                event.aggregateVersion(), event.aggregateId())
                .invoke(changed -> {
                    if (changed != 1) {
                        throw new IllegalStateException(table + " " + event.aggregateId() + " has no row at version "
                                + (event.aggregateVersion() - 1) + "; " + event.eventType() + " v"
                                + event.aggregateVersion() + " is not its next event");
                    }
                })
                .replaceWithVoid();
    }

    /** Runs a query with several columns; each row is an array in column order. */
    public static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> bind(session.createNativeQuery(sql, Object[].class), parameters)
                .getResultList());
    }

    /** Runs a query with one column. */
    public static <T> Uni<List<T>> column(String sql, Class<T> type, Object... parameters) {
        return Panache.getSession().chain(session -> bind(session.createNativeQuery(sql, type), parameters)
                .getResultList());
    }

    private static <Q extends Mutiny.AbstractQuery> Q bind(Q query, Object[] parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }
}
