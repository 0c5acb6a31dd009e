package dev.annals.devstack.postgres;

import dev.annals.devstack.process.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Servers of their own (not the shared one): the lifecycle and the binaries are what is under test. */
class PostgresServerLifecycleTest {

    @Test
    void keeps_its_data_in_the_chosen_directory_and_port_across_a_restart(@TempDir Path directory)
            throws SQLException {
        int port = FreePort.orPick(0);
        PostgresServer server = PostgresServer.start(new PostgresServer.Settings(Optional.of(directory), port,
                PostgresBinaries.embedded(), Map.of(), Duration.ofSeconds(60)));
        try {
            assertThat(server.port()).isEqualTo(port);
            execute(server, "CREATE TABLE survivors (name text)", "INSERT INTO survivors VALUES ('before the restart')");
            long firstPid = server.pid();

            server.stop();

            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).as("no postgres process left")
                    .isNotEqualTo(Optional.of(true));
            server.start();

            assertThat(queryOne(server, "SELECT name FROM survivors")).isEqualTo("before the restart");
            assertThat(directory.resolve("data").resolve("PG_VERSION")).isRegularFile();
        } finally {
            server.close();
        }
        assertThat(directory).as("a chosen directory is the caller's and is kept").isDirectory();
    }

    @Test
    void runs_the_machines_own_postgresql_when_asked() throws SQLException {
        PostgresBinaries installed;
        try {
            installed = PostgresBinaries.installed(Optional.empty());
        } catch (IllegalStateException none) {
            assumeTrue(false, "no PostgreSQL installed on this machine");
            return;
        }
        PostgresServer server = PostgresServer.start(PostgresServer.Settings.defaults(installed));
        Path temporary = server.directory();
        long pid = server.pid();
        try {
            String major = installed.version().replaceAll(".*PostgreSQL\\) (\\d+).*", "$1");
            assertThat(queryOne(server, "SELECT current_setting('server_version')")).startsWith(major + ".");
            execute(server, "CREATE TABLE installed_works (id int)");
        } finally {
            server.close();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(temporary).as("a temporary directory is deleted on close").doesNotExist();
    }

    private static void execute(PostgresServer server, String... statements) throws SQLException {
        try (Connection connection = DatabaseSetup.connect(server.host(), server.port(), DatabaseSetup.DATABASE,
                DatabaseSetup.OWNER); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private static String queryOne(PostgresServer server, String query) throws SQLException {
        try (Connection connection = DatabaseSetup.connect(server.host(), server.port(), DatabaseSetup.DATABASE,
                DatabaseSetup.OWNER); Statement sql = connection.createStatement();
             ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }
}
