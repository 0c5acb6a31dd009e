package dev.annals.projection.testing;

import dev.annals.devstack.Endpoints;
import dev.annals.devstack.postgres.DatabaseSetup;
import dev.annals.devstack.testing.SharedInfrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the read models with plain JDBC, as the query side will: through the published views. */
public final class ReadModel {

    public record AccountRow(String id, String owner, long balance, String status, long version) {
    }

    private ReadModel() {
    }

    /** The rows of {@code <schema>.accounts} for these ids, logged in as the SELECT-only role. */
    public static Map<String, AccountRow> accounts(String schema, Collection<String> ids) {
        Map<String, AccountRow> rows = new HashMap<>();
        try (Connection connection = reader();
             PreparedStatement query = connection.prepareStatement("select id, owner, balance, status, version from "
                     + schema + ".accounts where id = any(?)")) {
            query.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), new AccountRow(result.getString(1), result.getString(2),
                            result.getLong(3), result.getString(4), result.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Asserts the accounts of {@code schema} equal the fold of the log for these ids. */
    public static void assertEqualsFold(String schema, Collection<String> ids) {
        Map<String, LogFold.Folded> expected = LogFold.accounts(ids);
        Map<String, AccountRow> rows = accounts(schema, ids);
        assertThat(rows.keySet()).as(schema).isEqualTo(expected.keySet());
        expected.forEach((id, folded) -> assertThat(rows.get(id)).as(schema)
                .isEqualTo(new AccountRow(id, folded.state().owner(), folded.state().balance(),
                        folded.state().status().name(), folded.version())));
    }

    /** One value of a query with one row and one column, as the owner. */
    public static long number(String sql, Object... parameters) {
        try (Connection connection = owner(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i] instanceof List<?> list
                        ? connection.createArrayOf("text", list.toArray()) : parameters[i]);
            }
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Connection reader() throws SQLException {
        Endpoints endpoints = SharedInfrastructure.endpoints();
        return DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.reader().username(),
                endpoints.reader().password());
    }

    public static Connection owner() throws SQLException {
        Endpoints endpoints = SharedInfrastructure.endpoints();
        return DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.owner().username(),
                endpoints.owner().password());
    }

    /** A connection as projection-service's runtime role, the one its batches run as. */
    public static Connection projector() throws SQLException {
        Endpoints endpoints = SharedInfrastructure.endpoints();
        return DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.projector().username(),
                endpoints.projector().password());
    }

    /** A connection as devstack's superuser: to see and signal every role's backends. */
    public static Connection superuser() throws SQLException {
        return DriverManager.getConnection(SharedInfrastructure.endpoints().jdbcUrl(),
                DatabaseSetup.SUPERUSER.username(), DatabaseSetup.SUPERUSER.password());
    }
}
