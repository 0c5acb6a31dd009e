package dev.annals.query.testing;

import dev.annals.devstack.Credentials;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.testing.SharedInfrastructure;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * JDBC connections to the shared database, for what a test must see or do around the service. The driver's own
 * data source, not {@code DriverManager}, which does not find drivers from Quarkus' test class loader.
 */
public final class Database {

    private Database() {
    }

    /** As the role that owns the read models (what projection-service logs in as). */
    public static Connection owner() throws SQLException {
        return connect(SharedInfrastructure.endpoints().owner());
    }

    /** As the SELECT-only role this service logs in as. */
    public static Connection reader() throws SQLException {
        return connect(SharedInfrastructure.endpoints().reader());
    }

    private static Connection connect(Credentials login) throws SQLException {
        Endpoints endpoints = SharedInfrastructure.endpoints();
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(endpoints.jdbcUrl());
        source.setUser(login.username());
        source.setPassword(login.password());
        return source.getConnection();
    }
}
