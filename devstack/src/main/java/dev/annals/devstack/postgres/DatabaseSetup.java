package dev.annals.devstack.postgres;

import dev.annals.devstack.Credentials;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The database and roles the services use, created on any PostgreSQL (devstack's own or a container):
 * <ul>
 *   <li>database {@code annals}, owned by role {@code annals}, the migration role: projection-service creates the
 *       read models' schemas, runs their migrations and a rebuild's swap as this role;</li>
 *   <li>role {@code annals_projector}, the runtime role: projection-service's batches run as this role; it can
 *       connect and nothing else until the migration role grants it rows in the projections' tables and the
 *       checkpoints (annals-consumer's {@code RuntimeGrants}): no DDL anywhere;</li>
 *   <li>role {@code annals_query}: query-service reads as this role; it may SELECT whatever {@code annals}
 *       creates, in any schema, and nothing else;</li>
 *   <li>database {@code payments}, owned by role {@code annals_payments}: payment-service's own, where it keeps its
 *       reactor's state, checkpoints and deadlines, apart from every other service's.</li>
 * </ul>
 * Every statement is idempotent, so a kept data directory is set up again without harm.
 */
public final class DatabaseSetup {

    public static final String DATABASE = "annals";
    public static final Credentials SUPERUSER = new Credentials("postgres", "postgres");
    public static final Credentials OWNER = new Credentials("annals", "annals");
    public static final Credentials PROJECTOR = new Credentials("annals_projector", "annals_projector");
    public static final Credentials READER = new Credentials("annals_query", "annals_query");
    /** payment-service's login, owner of its own database. */
    public static final Credentials PAYMENTS = new Credentials("annals_payments", "annals_payments");
    public static final String PAYMENTS_DATABASE = "payments";

    private DatabaseSetup() {
    }

    public static void apply(String host, int port, Credentials superuser) {
        try {
            try (Connection admin = connect(host, port, "postgres", superuser)) {
                createRole(admin, OWNER);
                createRole(admin, PROJECTOR);
                createRole(admin, READER);
                createRole(admin, PAYMENTS);
                createDatabase(admin, DATABASE, OWNER);
                createDatabase(admin, PAYMENTS_DATABASE, PAYMENTS);
            }
            // the grants, as the Kubernetes manifests' Cluster runs them too (security/database-grants.sql)
            try (Connection database = connect(host, port, DATABASE, superuser);
                 Statement statement = database.createStatement()) {
                for (String grant : DatabaseGrants.statements()) {
                    statement.execute(grant);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up database " + DATABASE + " on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    public static String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A JDBC connection to {@code database} as {@code credentials}, with a 5 s connect timeout. */
    public static Connection connect(String host, int port, String database, Credentials credentials)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(host, port, database), properties);
    }

    private static void createDatabase(Connection admin, String database, Credentials owner) throws SQLException {
        if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
            try (Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + database + " OWNER " + owner.username() + " ENCODING 'UTF8'");
            }
        }
    }

    private static void createRole(Connection admin, Credentials role) throws SQLException {
        // identifiers and passwords are devstack's own constants, not user input
        String sql = exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.username())
                ? "ALTER ROLE " + role.username() + " LOGIN PASSWORD '" + role.password() + "'"
                : "CREATE ROLE " + role.username() + " LOGIN PASSWORD '" + role.password() + "'";
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Whether {@code query}, with {@code name} as its one parameter, finds a row. */
    public static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }
}
