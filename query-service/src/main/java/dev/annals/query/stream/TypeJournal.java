package dev.annals.query.stream;

import dev.annals.query.journal.Journal;
import dev.annals.query.journal.JournalEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The journal as a type's stream reads it: pages in journal position order, and the {@link TypeCursor}s to read
 * them from. Every statement also reads the journal's generation, in the same snapshot as its rows, so a stream
 * knows when a rebuild renumbered the positions under it.
 */
@ApplicationScoped
class TypeJournal {

    private static final String GENERATION = "(select generation from public.annals_projection"
            + " where name = '" + Journal.MODEL.projection() + "')";

    /** The partitions a type has events in, one index lookup each (PostgreSQL has no skip scan of its own). */
    private static final String PARTITIONS = "with recursive parts(p) as ("
            + " select min(log_partition) from event_journal.events where aggregate_type = $1"
            + " union all select (select min(log_partition) from event_journal.events where aggregate_type = $1"
            + " and log_partition > parts.p) from parts where parts.p is not null) ";

    /** A page of rows after a position, with the generation they are of. */
    record Page(int generation, List<JournalEntry> entries) {
    }

    private final Pool pool;

    TypeJournal(Pool pool) {
        this.pool = pool;
    }

    /** Everything the journal holds now counts as seen: a stream without {@code Last-Event-ID}. */
    Uni<TypeCursor> now(String type) {
        return pool.preparedQuery(PARTITIONS + "select p, (select max(log_offset) from event_journal.events"
                        + " where aggregate_type = $1 and log_partition = p), null::bigint, null::bigint, null::int"
                        + " from parts where p is not null union all select null, null,"
                        + " (select coalesce(max(position), -1) from event_journal.events where aggregate_type = $1"
                        + " and log_partition is null),"
                        + " (select coalesce(max(position), 0) from event_journal.events where aggregate_type = $1),"
                        + " " + GENERATION)
                .execute(Tuple.of(type)).map(TypeJournal::cursor);
    }

    /**
     * What a plain journal position, the id of earlier versions, has seen: every row up to it in the generation in
     * service. Right as long as no rebuild came between; after one it is the best the journal can say.
     */
    Uni<TypeCursor> upToPosition(String type, long position) {
        return pool.preparedQuery("select log_partition, max(log_offset),"
                        + " max(position) filter (where log_partition is null), null::bigint, null::int"
                        + " from event_journal.events where aggregate_type = $1 and position <= $2 group by log_partition"
                        + " union all select null, null, null, $2, " + GENERATION)
                .execute(Tuple.of(type, position)).map(TypeJournal::cursor);
    }

    /**
     * The cursor's floor in the generation in service: just below the first row it does not cover, which is, per
     * partition, the first row past its offset (a partition's rows are in offset order in every generation).
     */
    Uni<TypeCursor> anchor(String type, TypeCursor cursor) {
        Integer[] partitions = cursor.offsets().keySet().toArray(Integer[]::new);
        Long[] offsets = cursor.offsets().values().toArray(Long[]::new);
        return pool.preparedQuery(PARTITIONS + ", given as (select * from unnest($2::int[], $3::bigint[]) g(p, o))"
                        + " select " + GENERATION + ", least("
                        + " (select min((select e.position from event_journal.events e where e.aggregate_type = $1"
                        + " and e.log_partition = parts.p and e.log_offset > coalesce((select g.o from given g"
                        + " where g.p = parts.p), -1) order by e.log_offset limit 1)) from parts"
                        + " where parts.p is not null),"
                        + " (select min(position) from event_journal.events where aggregate_type = $1"
                        + " and log_partition is null and position > $4)),"
                        + " (select coalesce(max(position), 0) from event_journal.events where aggregate_type = $1)")
                .execute(Tuple.of(type, partitions, offsets, cursor.unlogged()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Long firstUnseen = row.getLong(1);
                    long floor = firstUnseen == null ? row.getLong(2) : firstUnseen - 1;
                    return cursor.at(floor, generation(row.getInteger(0)));
                });
    }

    /** Up to {@code count} rows of the type after journal position {@code floor}, in position order. */
    Uni<Page> after(String type, long floor, int count) {
        return pool.preparedQuery("select g.generation, e.* from (select " + GENERATION + " as generation) g"
                        + " left join lateral (select " + Journal.ENTRY_COLUMNS + " from event_journal.events"
                        + " where aggregate_type = $1 and position > $2 order by position limit $3) e on true")
                .execute(Tuple.of(type, floor, count))
                .map(rows -> {
                    List<JournalEntry> entries = new ArrayList<>(rows.size());
                    int generation = 0;
                    for (Row row : rows) {
                        generation = generation(row.getInteger(0));
                        if (row.getString(1) != null) {
                            entries.add(Journal.entry(row, 1));
                        }
                    }
                    return new Page(generation, entries);
                });
    }

    /** Rows of (partition, offset) and one of (unlogged, floor, generation), into a cursor. */
    private static TypeCursor cursor(RowSet<Row> rows) {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        long unlogged = -1;
        long floor = 0;
        int generation = 0;
        for (Row row : rows) {
            if (row.getInteger(0) != null) {
                offsets.put(row.getInteger(0), row.getLong(1));
            }
            if (row.getLong(2) != null) {
                unlogged = Math.max(unlogged, row.getLong(2));
            }
            if (row.getLong(3) != null) {
                floor = row.getLong(3);
                generation = generation(row.getInteger(4));
            }
        }
        return new TypeCursor(offsets, unlogged, floor, generation);
    }

    private static int generation(Integer stored) {
        return stored == null ? 0 : stored;
    }
}
