package dev.annals.devstack.postgres;

import dev.annals.devstack.Credentials;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.testing.DevstackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared database runs real SQL, and its two roles are what the services need. */
@ExtendWith(DevstackExtension.class)
class SharedDatabaseTest {

    @Test
    void is_a_real_postgresql(Endpoints endpoints) throws SQLException {
        try (Connection owner = connect(endpoints, endpoints.owner());
             Statement sql = owner.createStatement();
             ResultSet version = sql.executeQuery("SELECT current_setting('server_version_num')::int, current_user")) {
            version.next();
            assertThat(version.getInt(1)).isGreaterThanOrEqualTo(150000);
            assertThat(version.getString(2)).isEqualTo("annals");
        }
    }

    @Test
    void the_owner_creates_writes_and_reads_tables(Endpoints endpoints) throws SQLException {
        String table = table();
        try (Connection owner = connect(endpoints, endpoints.owner()); Statement sql = owner.createStatement()) {
            sql.execute("CREATE TABLE " + table + " (id text PRIMARY KEY, balance bigint NOT NULL, data jsonb)");
            sql.execute("INSERT INTO " + table + " VALUES ('acc-1', 500, '{\"owner\":\"ann\"}'), ('acc-2', 70, null)");
            sql.execute("UPDATE " + table + " SET balance = balance - 20 WHERE id = 'acc-1'");
            try (ResultSet rows = sql.executeQuery(
                    "SELECT sum(balance), max(data->>'owner') FROM " + table)) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(550);
                assertThat(rows.getString(2)).isEqualTo("ann");
            }
        }
    }

    @Test
    void the_reader_role_can_select_but_never_write(Endpoints endpoints) throws SQLException {
        String table = table();
        try (Connection owner = connect(endpoints, endpoints.owner()); Statement sql = owner.createStatement()) {
            sql.execute("CREATE TABLE " + table + " (id text PRIMARY KEY)");
            sql.execute("INSERT INTO " + table + " VALUES ('seen')");
        }
        try (Connection reader = connect(endpoints, endpoints.reader()); Statement sql = reader.createStatement()) {
            try (ResultSet rows = sql.executeQuery("SELECT id FROM " + table)) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("seen");
            }
            // first lock: sessions of the reader are read-only
            assertThatThrownBy(() -> sql.execute("INSERT INTO " + table + " VALUES ('written')"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            // second lock: even in a read-write transaction it has no privilege to write or create
            sql.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            assertThatThrownBy(() -> sql.execute("INSERT INTO " + table + " VALUES ('written')"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> sql.execute("DELETE FROM " + table))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> sql.execute("CREATE TABLE devstack_reader_table (id int)"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
        try (Connection owner = connect(endpoints, endpoints.owner()); Statement sql = owner.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            assertThat(rows.getInt(1)).as("nothing the reader tried was written").isEqualTo(1);
        }
    }

    @Test
    void the_reader_sees_schemas_the_owner_creates_later(Endpoints endpoints) throws SQLException {
        // read models may be rebuilt into a fresh schema and swapped in; the reader must see them at once
        String schema = table();
        try (Connection owner = connect(endpoints, endpoints.owner()); Statement sql = owner.createStatement()) {
            sql.execute("CREATE SCHEMA " + schema);
            sql.execute("CREATE TABLE " + schema + ".accounts (id text PRIMARY KEY)");
            sql.execute("INSERT INTO " + schema + ".accounts VALUES ('acc-9')");
        }
        try (Connection reader = connect(endpoints, endpoints.reader()); Statement sql = reader.createStatement();
             ResultSet rows = sql.executeQuery("SELECT id FROM " + schema + ".accounts")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("acc-9");
        }
    }

    private static String table() {
        return "devstack_test_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static Connection connect(Endpoints endpoints, Credentials login) throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(), login.username(), login.password());
    }
}
