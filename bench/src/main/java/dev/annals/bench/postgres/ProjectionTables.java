package dev.annals.bench.postgres;

import dev.annals.devstack.Credentials;
import dev.annals.devstack.Endpoints;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A projection's tables as PostgreSQL stores them, read as their owner: how many rows, how many bytes. Generation
 * {@code n} of projection {@code bank-accounts} lives in schema {@code bank_accounts_g<n>}; the one in service is
 * {@code public.annals_projection}'s.
 */
public final class ProjectionTables {

    private final Endpoints endpoints;

    public ProjectionTables(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The schema of the generation of {@code projection} in service; none before it first started. */
    public Optional<String> schema(String projection) {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(
                     "select generation from public.annals_projection where name = ?")) {
            query.setString(1, projection);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(projection.replace('-', '_') + "_g" + row.getInt(1))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the generation of " + projection + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code schema.table} exists yet. */
    public boolean exists(String schema, String table) {
        return single("select count(*) from pg_tables where schemaname = '" + schema + "' and tablename = '"
                + table + "'") > 0;
    }

    public long rows(String schema, String table) {
        return single("select count(*) from " + schema + "." + table);
    }

    /** The bytes of {@code schema.table} with its indexes and TOAST ({@code pg_total_relation_size}). */
    public long bytes(String schema, String table) {
        return single("select pg_total_relation_size('" + schema + "." + table + "')");
    }

    // the names are the bench's own (projection names, their tables), never a caller's text
    private long single(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        Credentials owner = endpoints.owner();
        return DriverManager.getConnection(endpoints.jdbcUrl(), owner.username(), owner.password());
    }
}
