package dev.annals.query.web;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/** Recognizes the database failures a read endpoint answers with 503 rather than 500. */
final class DatabaseFailures {

    /** undefined_table, invalid_schema_name: a read model that is not there (yet). */
    private static final Set<String> MISSING = Set.of("42P01", "3F000");

    private DatabaseFailures() {
    }

    /** The database's message when the failure is a missing table, view or schema. */
    static Optional<String> missingRelation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && MISSING.contains(pg.getSqlState())) {
                return Optional.of(pg.getErrorMessage());
            }
            if (cause instanceof SQLException sql && MISSING.contains(sql.getSQLState())) {
                return Optional.of(sql.getMessage());
            }
        }
        return Optional.empty();
    }

    /** A connection that could not be made or was lost (class 08 of the SQL states included). */
    static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException
                    || cause instanceof PgException pg && isConnectionState(pg.getSqlState())
                    || cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionState(String sqlState) {
        return sqlState != null && sqlState.startsWith("08");
    }
}
