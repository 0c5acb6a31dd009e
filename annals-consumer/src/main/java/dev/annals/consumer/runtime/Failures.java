package dev.annals.consumer.runtime;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** Sorts failures into "the database is away, wait" and "this event cannot be applied". */
final class Failures {

    private Failures() {
    }

    /**
     * True for failures that say nothing about the event: no connection, a server shutting down, a lock or
     * serialization conflict. These are retried for as long as it takes; the event is never skipped for them.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof SocketException
                    || cause instanceof ClosedChannelException || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException) {
                return true;
            }
            if (cause instanceof PgException pg && isTransientState(pg.getSqlState())) {
                return true;
            }
            String name = cause.getClass().getName();
            String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
            // Vert.x reports a lost or refused connection as a plain VertxException or NoStackTraceThrowable
            if ((name.startsWith("io.vertx.") || name.startsWith("io.netty."))
                    && (message.contains("connection") || message.contains("timeout") || message.contains("closed"))) {
                return true;
            }
        }
        return false;
    }

    // 08: connection exception; 53: insufficient resources; 57P: operator intervention (shutdown, restart);
    // 40001/40P01: serialization failure, deadlock; 55P03: lock not available
    private static boolean isTransientState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("53")
                || sqlState.startsWith("57P") || sqlState.equals("40001") || sqlState.equals("40P01")
                || sqlState.equals("55P03"));
    }

    /** The failure as one line for logs, headers and the status endpoint. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == failure ? String.valueOf(failure.getMessage())
                : failure.getMessage() + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage()
                + ")";
        return failure.getClass().getSimpleName() + ": " + message;
    }
}
