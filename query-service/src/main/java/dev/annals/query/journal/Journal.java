package dev.annals.query.journal;

import dev.annals.query.api.AggregatePath;
import dev.annals.query.consistency.ReadModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the event journal, {@code event_journal.events}: every event of every aggregate, unique on (type, id,
 * version), written by projection-service's {@code event-journal} projection. {@code position} orders the whole
 * journal in commit order (the projection serializes its inserts for this).
 */
@ApplicationScoped
public class Journal {

    /** The projection that writes the journal: a token is waited for against its checkpoint. */
    public static final ReadModel MODEL = ReadModel.ofEveryType("event-journal");

    /** The columns of a {@link JournalEntry}, in the order {@link #entries} reads them. */
    public static final String ENTRY_COLUMNS = "aggregate_type, aggregate_id, version, event_type, time, data::text,"
            + " position, log_partition, log_offset, principal";

    private static final String COLUMNS = "select " + ENTRY_COLUMNS + " from event_journal.events";

    private final Pool pool;

    Journal(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code count} events of an aggregate from {@code fromVersion} on, in version order. */
    public Uni<List<JournalEntry>> page(AggregatePath aggregate, long fromVersion, int count) {
        return entries(COLUMNS + " where aggregate_type = $1 and aggregate_id = $2 and version >= $3"
                + " order by version limit $4", Tuple.of(aggregate.typeName(), aggregate.id(), fromVersion, count));
    }

    /** The events of an aggregate up to and including {@code version}, in version order. */
    public Uni<List<JournalEntry>> upTo(AggregatePath aggregate, long version) {
        return entries(COLUMNS + " where aggregate_type = $1 and aggregate_id = $2 and version <= $3"
                + " order by version", Tuple.of(aggregate.typeName(), aggregate.id(), version));
    }

    /** The aggregate's latest version in the journal, 0 when it has none. */
    public Uni<Long> latestVersion(AggregatePath aggregate) {
        return single("select coalesce(max(version), 0) from event_journal.events"
                + " where aggregate_type = $1 and aggregate_id = $2", Tuple.of(aggregate.typeName(), aggregate.id()));
    }

    private Uni<List<JournalEntry>> entries(String sql, Tuple parameters) {
        return pool.preparedQuery(sql).execute(parameters).map(Journal::entries);
    }

    private Uni<Long> single(String sql, Tuple parameters) {
        return pool.preparedQuery(sql).execute(parameters).map(rows -> rows.iterator().next().getLong(0));
    }

    private static List<JournalEntry> entries(RowSet<Row> rows) {
        List<JournalEntry> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            entries.add(entry(row, 0));
        }
        return entries;
    }

    /** The entry in {@link #ENTRY_COLUMNS} from column {@code first} of {@code row} on. */
    public static JournalEntry entry(Row row, int first) {
        return new JournalEntry(row.getString(first), row.getString(first + 1), row.getLong(first + 2),
                row.getString(first + 3), row.getOffsetDateTime(first + 4).toInstant(), row.getString(first + 5),
                row.getLong(first + 6), row.getInteger(first + 7), row.getLong(first + 8), row.getString(first + 9));
    }
}
