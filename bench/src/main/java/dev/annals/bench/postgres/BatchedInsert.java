package dev.annals.bench.postgres;

import dev.annals.devstack.Credentials;
import dev.annals.devstack.Endpoints;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The projection figure's baseline: the plainest way to put rows into PostgreSQL, a JDBC batch of INSERTs per
 * transaction, into a table shaped like the bank's read model (id, owner, balance, status, version), with the
 * driver's default settings.
 */
public final class BatchedInsert {

    private static final String TABLE = "annals_bench_insert";

    private BatchedInsert() {
    }

    /** Inserts {@code rows} rows in batches of {@code batchSize}; answers how long that took. */
    public static Duration run(Endpoints endpoints, long rows, int batchSize) {
        Credentials owner = endpoints.owner();
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(), owner.username(),
                owner.password())) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("drop table if exists " + TABLE);
                ddl.execute("create table " + TABLE + " (id text primary key, owner text not null, balance bigint"
                        + " not null, status text not null, version bigint not null)");
            }
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("insert into " + TABLE
                    + " (id, owner, balance, status, version) values (?, ?, ?, ?, ?)")) {
                for (long n = 0; n < rows; n++) {
                    insert.setString(1, "row-" + n);
                    insert.setString(2, "bench");
                    insert.setLong(3, n);
                    insert.setString(4, "OPEN");
                    insert.setLong(5, 1);
                    insert.addBatch();
                    if ((n + 1) % batchSize == 0 || n == rows - 1) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("drop table " + TABLE);
            }
            connection.commit();
            return took;
        } catch (SQLException e) {
            throw new IllegalStateException("the batched INSERT baseline failed: " + e.getMessage(), e);
        }
    }
}
