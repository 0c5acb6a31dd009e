package dev.annals.consumer.schema;

import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.ConsumerSettings;
import dev.annals.consumer.runtime.checkpoint.Checkpoint;
import dev.annals.consumer.runtime.checkpoint.ConsumerLocks;
import dev.annals.consumer.runtime.failure.Parking;
import dev.annals.consumer.runtime.loop.VersionOrder;
import dev.annals.consumer.runtime.reactor.Deadlines;
import dev.annals.consumer.runtime.rebuild.SwapOutcome;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables of every projection, over JDBC (DDL, Flyway and the swap run rarely and block; batches use the
 * reactive pool). Generation {@code n} of projection {@code bank-accounts} lives in schema
 * {@code bank_accounts_g<n>}; schema {@code bank_accounts} holds one view per table of the generation in service,
 * so readers never name a generation. A rebuild fills the next generation while the views keep showing the
 * current one, then {@link #trySwap} points the views at it in one transaction.
 *
 * <p>All of it runs as the migration role (which owns the schemas), the rebuild's swap included: it drops and
 * creates views. The batches run as the runtime role on the reactive pool, which this grants what they need on
 * each generation after its migrations, and nothing more ({@link RuntimeGrants}).
 */
@ApplicationScoped
public class ConsumerSchemas {

    private static final Logger LOG = Logger.getLogger(ConsumerSchemas.class);
    /** The runtime's own tables' migrations (in {@code public}) and their history table. */
    public static final String RUNTIME_MIGRATIONS = "classpath:db/annals-consumer";
    public static final String RUNTIME_HISTORY = "annals_consumer_schema_history";
    private static final String HISTORY = "flyway_schema_history";
    /** How long a swap waits for the views' locks before it gives way to the readers and tries again later. */
    public static final Duration SWAP_LOCK_TIMEOUT = Duration.ofSeconds(2);
    /** PostgreSQL's lock_not_available: the lock timeout ran out. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final AgroalDataSource dataSource;
    private final RuntimeGrants grants;

    /**
     * @param dataSources every JDBC datasource; the one {@code annals.consumer.migration-datasource} names (the
     *                    default one if unset) is the migration role's
     */
    ConsumerSchemas(@Any Instance<AgroalDataSource> dataSources, ConsumerSettings settings, Config config) {
        Optional<String> migration = settings.migrationDatasource();
        this.dataSource = migration.map(name -> dataSources.select(new DataSource.DataSourceLiteral(name)).get())
                .orElseGet(() -> dataSources.select(Default.Literal.INSTANCE).get());
        // a separate migration login: the batches' login (the default datasource's) gets only what it needs
        this.grants = migration.isPresent()
                ? RuntimeGrants.to(config.getValue("quarkus.datasource.username", String.class))
                : RuntimeGrants.NONE;
    }

    /** The generation in service and the one being rebuilt, if any. */
    public record Generations(int serving, Integer rebuilding) {
    }

    /**
     * Creates {@code annals_checkpoint} and {@code annals_projection}, grants the runtime role its rights on them,
     * and closes a database of the service's own to other logins ({@link RuntimeGrants#onOwnDatabase}).
     */
    public void migrateRuntime() {
        Flyway.configure().dataSource(dataSource)
                .schemas("public").table(RUNTIME_HISTORY)
                .locations(RUNTIME_MIGRATIONS)
                // public usually holds other tables already; V1 still runs
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String grant : grants.onRuntimeTables()) {
                statement.execute(grant);
            }
            statement.execute(grants.onOwnDatabase());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot grant the runtime role its rights on annals_checkpoint and "
                    + "annals_projection, or close the service's own database to other logins: "
                    + e.getMessage(), e);
        }
    }

    /** Registers the projection (generation 1 the first time), migrates its tables and publishes its views. */
    public Generations register(ConsumerPlan plan) {
        Generations generations = inTransaction(plan, connection -> {
            update(connection, "insert into public.annals_projection (name, generation) values (?, 1)"
                    + " on conflict do nothing", plan.name());
            return read(connection, plan.name(), false);
        });
        migrate(plan, generations.serving());
        if (generations.rebuilding() != null) {
            migrate(plan, generations.rebuilding());
        }
        inTransaction(plan, connection -> {
            publish(connection, plan, generations.serving());
            dropOtherGenerations(connection, plan, generations);
            return null;
        });
        return generations;
    }

    /**
     * Prepares an empty next generation and marks it as being rebuilt; answers its number. The mark comes last,
     * once the generation's tables exist: a runner of any instance may start on it as soon as it sees it (the
     * rebuild watch), and must find them. Two starts at once are serialized by a session lock, so that the second
     * cannot drop the tables the first is creating; it then finds the rebuild under way.
     */
    public int startRebuild(ConsumerPlan plan) {
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
            statement.execute("select pg_advisory_lock(hashtext('annals.rebuild-start:" + plan.name() + "'))");
            try {
                int generation = inTransaction(plan, connection -> {
                    Generations current = read(connection, plan.name(), true);
                    if (current.rebuilding() != null) {
                        throw new RebuildInProgressException(plan.name(), current.rebuilding());
                    }
                    int next = current.serving() + 1;
                    execute(connection, "drop schema if exists " + plan.generationSchema(next) + " cascade");
                    update(connection, "delete from public.annals_checkpoint where consumer = ?",
                            plan.rebuildConsumer(next));
                    return next;
                });
                migrate(plan, generation);
                inTransaction(plan, connection -> {
                    Generations current = read(connection, plan.name(), true);
                    if (current.rebuilding() != null || current.serving() + 1 != generation) {
                        throw new RebuildInProgressException(plan.name(), current.rebuilding() == null
                                ? current.serving() : current.rebuilding());
                    }
                    update(connection, "update public.annals_projection set rebuilding_generation = ?,"
                            + " rebuild_started_at = now(), rebuild_runner = null, rebuild_heartbeat = null"
                            + " where name = ?", generation, plan.name());
                    return null;
                });
                LOG.infof("projection %s: rebuilding into %s", plan.name(), plan.generationSchema(generation));
                return generation;
            } finally {
                statement.execute("select pg_advisory_unlock(hashtext('annals.rebuild-start:" + plan.name() + "'))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("projection " + plan.name() + ": cannot start a rebuild: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Ends the rebuild under way without putting it in service: the projection keeps its generation, the rebuild's
     * tables and checkpoints go. Under the projection's lock and the row's, so no swap is half done; a runner of it
     * anywhere finds its lease gone at its next batch (whose renewal comes first, under the same row lock) and stops
     * without writing. Answers the generation it cancelled, or empty if none was being rebuilt.
     */
    public Optional<Integer> cancelRebuild(ConsumerPlan plan) {
        Optional<Integer> cancelled = inTransaction(plan, connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, ConsumerLocks.key(plan.name()));
                lock.execute();
            }
            Generations current = read(connection, plan.name(), true);
            if (current.rebuilding() == null) {
                return Optional.<Integer>empty();
            }
            update(connection, "update public.annals_projection set rebuilding_generation = null,"
                    + " rebuild_runner = null, rebuild_heartbeat = null where name = ?", plan.name());
            update(connection, "delete from public.annals_checkpoint where consumer = ?",
                    plan.rebuildConsumer(current.rebuilding()));
            // in the same locked transaction: a rebuild started right after must not lose its new tables to this
            execute(connection, "drop schema if exists " + plan.generationSchema(current.rebuilding()) + " cascade");
            return Optional.of(current.rebuilding());
        });
        cancelled.ifPresent(generation -> LOG.infof("projection %s: the rebuild into %s is cancelled", plan.name(),
                plan.generationSchema(generation)));
        return cancelled;
    }

    /**
     * Puts a rebuilt generation in service if {@code runner} holds its rebuild and it has applied at least what
     * the live consumer has, partition by partition. Under the projection's lock (live batches hold it shared), in
     * one transaction: the views move to the new tables, and the rebuild's checkpoints become the projection's.
     * Answers {@link SwapOutcome#BEHIND} if the live side is still ahead somewhere (the rebuild reads on and tries
     * again) and {@link SwapOutcome#NOT_HELD} if another runner holds the rebuild or it is over.
     */
    public SwapOutcome trySwap(ConsumerPlan plan, int generation, String runner) {
        Swapped swapped;
        try {
            swapped = swapIn(plan, generation, runner);
        } catch (IllegalStateException failed) {
            if (failed.getCause() instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                LOG.warnf("projection %s: the swap to generation %d waited %d ms for a reader's lock on the views;"
                        + " trying again later", plan.name(), generation, SWAP_LOCK_TIMEOUT.toMillis());
                return SwapOutcome.BEHIND;
            }
            throw failed;
        }
        if (swapped.outcome() == SwapOutcome.SWAPPED && swapped.old() != null) {
            inTransaction(plan, connection -> {
                execute(connection, "drop schema if exists " + plan.generationSchema(swapped.old()) + " cascade");
                return null;
            });
        }
        return swapped.outcome();
    }

    private record Swapped(SwapOutcome outcome, Integer old) {
    }

    private Swapped swapIn(ConsumerPlan plan, int generation, String runner) {
        return inTransaction(plan, connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, ConsumerLocks.key(plan.name()));
                lock.execute();
            }
            if (!holdsRebuild(connection, plan.name(), generation, runner)) {
                // this runner's earlier try may have committed with its answer lost on the way (a dropped
                // connection): then the generation is in service already, and there is no old one left to drop
                return read(connection, plan.name(), false).serving() == generation
                        ? new Swapped(SwapOutcome.SWAPPED, null) : new Swapped(SwapOutcome.NOT_HELD, null);
            }
            Map<TopicPartition, Checkpoint> rebuilt = checkpoints(connection, plan.rebuildConsumer(generation));
            for (Checkpoint live : checkpoints(connection, plan.name()).values()) {
                Checkpoint replayed = rebuilt.get(live.topicPartition());
                if (replayed == null || replayed.kafkaOffset() < live.kafkaOffset()) {
                    return new Swapped(SwapOutcome.BEHIND, null);
                }
            }
            // Recreating the views needs each one to itself: a reader's open transaction (a slow query, an idle
            // session of the read-only role) would make the swap wait, and every read queue behind it. Waiting only
            // this long, the swap gives way and is tried again later, as when the live side is ahead.
            execute(connection, "set local lock_timeout = '" + SWAP_LOCK_TIMEOUT.toMillis() + "ms'");
            Generations current = read(connection, plan.name(), true);
            update(connection, "update public.annals_projection set generation = ?, rebuilding_generation = null,"
                    + " rebuild_runner = null, rebuild_heartbeat = null, swapped_at = now() where name = ?",
                    generation, plan.name());
            publish(connection, plan, generation);
            update(connection, "delete from public.annals_checkpoint where consumer = ?", plan.name());
            update(connection, "update public.annals_checkpoint set consumer = ?, updated_at = now()"
                    + " where consumer = ?", plan.name(), plan.rebuildConsumer(generation));
            update(connection, "select pg_notify('annals_checkpoint', json_build_object('consumer', consumer,"
                    + " 'topic', topic, 'partition', partition, 'commandOffset', command_offset,"
                    + " 'kafkaOffset', kafka_offset)::text) from public.annals_checkpoint where consumer = ?",
                    plan.name());
            return new Swapped(SwapOutcome.SWAPPED, current.serving());
        });
    }

    /** Whether {@code runner} holds the lease on the rebuild of {@code generation}; locks the row until commit. */
    private static boolean holdsRebuild(Connection connection, String projection, int generation, String runner)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select 1 from public.annals_projection"
                + " where name = ? and rebuilding_generation = ? and rebuild_runner = ? for update")) {
            query.setString(1, projection);
            query.setInt(2, generation);
            query.setString(3, runner);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    public Generations generations(ConsumerPlan plan) {
        return inTransaction(plan, connection -> read(connection, plan.name(), false));
    }

    /** The checkpoints of a consumer, by partition. */
    public Map<TopicPartition, Checkpoint> checkpoints(String consumer) {
        try (Connection connection = dataSource.getConnection()) {
            return checkpoints(connection, consumer);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the checkpoints of " + consumer + ": " + e.getMessage(), e);
        }
    }

    private void migrate(ConsumerPlan plan, int generation) {
        String schema = plan.generationSchema(generation);
        var result = Flyway.configure().dataSource(dataSource)
                .schemas(schema).defaultSchema(schema).createSchemas(true).table(HISTORY)
                .locations(plan.migrations())
                .load().migrate();
        if (result.migrationsExecuted > 0) {
            LOG.infof("projection %s: %d migrations applied to %s", plan.name(), result.migrationsExecuted, schema);
        }
        // after every migration: a table a migration created has no grants yet
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + schema);
            statement.execute(VersionOrder.CREATE_TABLE);
            for (String create : Parking.CREATE) {
                statement.execute(create);
            }
            if (plan.kind() == ConsumerPlan.Kind.REACTOR) {
                for (String create : Deadlines.CREATE) {
                    statement.execute(create);
                }
            }
            statement.execute("reset search_path");
            for (String grant : grants.onGeneration(schema, HISTORY)) {
                statement.execute(grant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot grant the runtime role its rights on " + schema + ": "
                    + e.getMessage(), e);
        }
    }

    private static void publish(Connection connection, ConsumerPlan plan, int generation) throws SQLException {
        String published = plan.publishedSchema();
        String source = plan.generationSchema(generation);
        execute(connection, "select pg_advisory_xact_lock(hashtext('" + ConsumerLocks.key(plan.name()) + "'))");
        execute(connection, "create schema if not exists " + published);
        for (String view : names(connection, "select table_name from information_schema.views"
                + " where table_schema = ?", published)) {
            execute(connection, "drop view " + published + "." + quote(view));
        }
        // the runtime's own tables (annals_versions) are not the read model's: no view for them
        for (String table : names(connection, "select tablename from pg_tables where schemaname = ?"
                + " and tablename <> '" + HISTORY + "' and tablename not like 'annals\\_%'", source)) {
            execute(connection, "create view " + published + "." + quote(table) + " as select * from " + source
                    + "." + quote(table));
        }
    }

    private static void dropOtherGenerations(Connection connection, ConsumerPlan plan, Generations keep)
            throws SQLException {
        String prefix = plan.generationPrefix();
        for (String schema : names(connection, "select nspname from pg_namespace where nspname like ?",
                prefix.replace("_", "\\_") + "%")) {
            String suffix = schema.substring(prefix.length());
            boolean kept = suffix.equals(Integer.toString(keep.serving()))
                    || (keep.rebuilding() != null && suffix.equals(keep.rebuilding().toString()));
            if (!kept && suffix.chars().allMatch(Character::isDigit)) {
                LOG.infof("projection %s: dropping %s, left over from an earlier rebuild", plan.name(), schema);
                execute(connection, "drop schema " + schema + " cascade");
            }
        }
    }

    private static Generations read(Connection connection, String name, boolean forUpdate) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select generation, rebuilding_generation"
                + " from public.annals_projection where name = ?" + (forUpdate ? " for update" : ""))) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("projection " + name + " is not registered");
                }
                int serving = row.getInt(1);
                int rebuilding = row.getInt(2);
                return new Generations(serving, row.wasNull() ? null : rebuilding);
            }
        }
    }

    private static Map<TopicPartition, Checkpoint> checkpoints(Connection connection, String consumer)
            throws SQLException {
        Map<TopicPartition, Checkpoint> checkpoints = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("select topic, partition, kafka_offset,"
                + " command_offset from public.annals_checkpoint where consumer = ?")) {
            query.setString(1, consumer);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Checkpoint checkpoint = new Checkpoint(rows.getString(1), rows.getInt(2), rows.getLong(3),
                            rows.getLong(4));
                    checkpoints.put(checkpoint.topicPartition(), checkpoint);
                }
            }
        }
        return checkpoints;
    }

    private static List<String> names(Connection connection, String sql, String parameter) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(ConsumerPlan plan, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("projection " + plan.name() + ": " + e.getMessage(), e);
        }
    }
}
