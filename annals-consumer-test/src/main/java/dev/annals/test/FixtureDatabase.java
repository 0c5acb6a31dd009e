package dev.annals.test;

import dev.annals.consumer.Sql;
import dev.annals.consumer.runtime.ReactiveTransactions;
import dev.annals.consumer.runtime.loop.VersionOrder;
import dev.annals.consumer.schema.ConsumerSchemas;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.testing.SharedInfrastructure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A schema of its own on devstack's PostgreSQL for one fixture: the consumer's migrations applied, the runtime's
 * version table beside them, and a pool whose transactions write there, as the runtime's batches write a
 * projection's generation schema.
 */
final class FixtureDatabase implements AutoCloseable {

    private static final AtomicLong SCHEMAS = new AtomicLong();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static Vertx vertx;
    private static boolean runtimeMigrated;

    private final Endpoints endpoints;
    private final String schema;
    private final Pool pool;

    private FixtureDatabase(Endpoints endpoints, String schema, Pool pool) {
        this.endpoints = endpoints;
        this.schema = schema;
        this.pool = pool;
    }

    /**
     * A new schema with {@code migrations} (a Flyway location) applied, for the consumer named {@code name}, and
     * the runtime's own tables beside them: the version rule's, and {@code runtimeTables}.
     */
    static FixtureDatabase create(String name, String migrations, List<String> runtimeTables) {
        Endpoints endpoints = SharedInfrastructure.endpoints();
        migrateRuntime(endpoints);
        String schema = "fixture_" + name.replace('-', '_') + "_" + ProcessHandle.current().pid() + "_"
                + SCHEMAS.incrementAndGet();
        Flyway.configure()
                .dataSource(endpoints.jdbcUrl(), endpoints.owner().username(), endpoints.owner().password())
                .schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations(migrations)
                .load().migrate();
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.owner().username(),
                endpoints.owner().password()); Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + schema);
            statement.execute(VersionOrder.CREATE_TABLE);
            for (String table : runtimeTables) {
                statement.execute(table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare " + schema + ": " + e.getMessage(), e);
        }
        PgConnectOptions connect = PgConnectOptions.fromUri(endpoints.reactiveUrl())
                .setUser(endpoints.owner().username()).setPassword(endpoints.owner().password());
        Pool pool = PgBuilder.pool().connectingTo(connect).with(new PoolOptions().setMaxSize(2))
                .using(vertx()).build();
        return new FixtureDatabase(endpoints, schema, pool);
    }

    /** The runtime's own tables in {@code public} (checkpoints, the dead-letter ledger), once per test JVM. */
    private static synchronized void migrateRuntime(Endpoints endpoints) {
        if (runtimeMigrated) {
            return;
        }
        Flyway.configure()
                .dataSource(endpoints.jdbcUrl(), endpoints.owner().username(), endpoints.owner().password())
                .schemas("public").table(ConsumerSchemas.RUNTIME_HISTORY)
                .locations(ConsumerSchemas.RUNTIME_MIGRATIONS)
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
        runtimeMigrated = true;
    }

    /** Transactions on this database as the runtime's runner takes them (it points each at its tables itself). */
    ReactiveTransactions transactions() {
        return new ReactiveTransactions(pool) {
        };
    }

    /** {@code work} in one transaction whose unqualified names are this schema's, as a batch of the runtime. */
    <T> T inTransaction(Function<Sql, Uni<T>> work) {
        return ReactiveTransactions.inTransaction(pool, sql -> {
            sql.exec("select set_config('search_path', $1, true)", schema);
            return work.apply(sql);
        }).await().atMost(TIMEOUT);
    }

    /** The rows of a query on this schema, each a list of its columns, with numbers and times made comparable. */
    List<List<Object>> rows(String query, Object... parameters) {
        return inTransaction(sql -> sql.query(query, parameters)).stream().map(FixtureDatabase::columns).toList();
    }

    String schema() {
        return schema;
    }

    private static List<Object> columns(Row row) {
        List<Object> columns = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            columns.add(comparable(row.getValue(i)));
        }
        return columns;
    }

    /** Whole numbers as {@code Long}, times as {@code Instant}: what a test writes compares equal to what is read. */
    static Object comparable(Object value) {
        return switch (value) {
            case Integer number -> number.longValue();
            case Short number -> number.longValue();
            case Byte number -> number.longValue();
            case OffsetDateTime time -> time.toInstant();
            case LocalDateTime time -> time.toInstant(ZoneOffset.UTC);
            case null, default -> value;
        };
    }

    @Override
    public void close() {
        pool.closeAndAwait();
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.owner().username(),
                endpoints.owner().password()); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + schema + ": " + e.getMessage(), e);
        }
    }

    private static synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }

    /** When the fixture's clock says an event happened: the n-th event of a fixture a second after the last. */
    static Instant timeOf(long sequence) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence);
    }
}
