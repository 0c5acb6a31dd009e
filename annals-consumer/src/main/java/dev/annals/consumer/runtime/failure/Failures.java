package dev.annals.consumer.runtime.failure;

import dev.annals.consumer.PermanentFailure;
import dev.annals.consumer.runtime.reactor.CommandBus;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Sorts failures into "the database is away, wait" and "this event cannot be applied", by exception type and
 * SQLSTATE only: a message's wording is not a contract, and a driver upgrade may change it.
 *
 * <p>A failure sorted wrongly as the event's own costs little when the database is down: an event goes to the
 * dead-letter topic only after a {@code select 1} has answered. What that check cannot see is a database that
 * answers yet refuses the work — a connection on a standby during a switchover, a statement cancelled by an
 * operator or a failover — so those SQLSTATEs are listed here as transient.
 */
public final class Failures {

    /**
     * SQLSTATEs that say nothing about the event, by exact code; {@link #TRANSIENT_CLASSES} holds whole classes.
     * 25006 a read-only transaction (a connection that landed on a standby); 25P03 an idle-in-transaction timeout;
     * 40001, 40P01, 40003 serialization failure, deadlock, statement completion unknown; 55P03 lock not
     * available; 57014 statement cancelled; 57P01, 57P02, 57P03, 57P05 server shutting down, crashed, not yet
     * accepting connections, idle session timeout; 58000, 58030 system and I/O errors of the server.
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("25006", "25P03", "40001", "40P01", "40003",
            "55P03", "57014", "57P01", "57P02", "57P03", "57P05", "58000", "58030");

    /**
     * The transient SQLSTATEs a statement of the event's own may keep raising, the database healthy: a
     * serialization failure, a deadlock, a lock not available, a statement cancelled (a handler's statement that
     * hits {@code statement_timeout} on every try, a trigger that raises one). Waited for only up to {@code
     * annals.consumer.transient-limit}, like a handler's own call: one aggregate's statement must not hold every
     * partition for ever. A database that is away raises connection failures and server states, waited for as
     * long as it takes.
     */
    private static final Set<String> STATEMENT_STATES = Set.of("40001", "40P01", "40003", "55P03", "57014");

    /** 08 connection exception; 53 insufficient resources (disk full, out of memory, too many connections). */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53");

    private Failures() {
    }

    /**
     * True for failures that say nothing about the event: no connection, a server shutting down or failing over,
     * a lock or serialization conflict. These are retried for as long as it takes; the event is never skipped for
     * them.
     */
    public static boolean isTransient(Throwable failure) {
        if (isPermanent(failure)) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isConnectionLoss(cause)) {
                return true;
            }
            Optional<String> state = sqlState(cause);
            if (state.isPresent() && isTransientState(state.get())) {
                return true;
            }
        }
        return false;
    }

    /** True when a handler said so ({@link PermanentFailure} among the causes): no retry, no wait. */
    public static boolean isPermanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PermanentFailure) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for a transient failure that is the runtime's own: the database refusing all work (a server's
     * transient SQLSTATE: shutting down, a standby, out of connections), its connection closed under it, or a
     * command without an answer (the processor or Kafka away). These are waited for however long it takes. Any
     * other transient failure — an I/O error or a timeout, which may as well be the handler's own call to another
     * system, or a statement's conflict or cancellation (see {@link #STATEMENT_STATES}) — is retried only up to
     * {@code annals.consumer.transient-limit}, then the event is dead-lettered once the database is known to
     * answer.
     */
    public static boolean isTheRuntimes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ClosedConnectionException || cause instanceof CommandBus.NoAnswerException) {
                return true;
            }
            Optional<String> state = sqlState(cause);
            if (state.isPresent() && isTransientState(state.get()) && !STATEMENT_STATES.contains(state.get())) {
                return true;
            }
        }
        return false;
    }

    // I/O on the connection (refused, reset, a name that does not resolve yet), the client's own "connection
    // lost", no answer or no pooled connection in time, and a reactor's command that got no answer yet (Kafka or
    // the command processor away: sent again with the same key, it is still applied once)
    private static boolean isConnectionLoss(Throwable cause) {
        return cause instanceof IOException || cause instanceof ClosedConnectionException
                || cause instanceof TimeoutException || cause instanceof CommandBus.NoAnswerException;
    }

    /** The SQLSTATE of a failure from the reactive client (Vert.x) or from JDBC and Hibernate, which wrap one. */
    static Optional<String> sqlState(Throwable cause) {
        if (cause instanceof DatabaseException database) {
            return Optional.ofNullable(database.getSqlState());
        }
        if (cause instanceof SQLException sql) {
            return Optional.ofNullable(sql.getSQLState());
        }
        return Optional.empty();
    }

    /**
     * True for a failure that is, or was caused by, an {@link Error}: the JVM is out of memory or stack, a class
     * failed to link, or the process is being torn down. Such a failure says nothing about the event and is not
     * cured by waiting, so a consumer never retries it and never dead-letters an event for it: it stops at once,
     * ends {@code FAILED}, and the liveness check has the service restarted, which resumes from the checkpoints.
     */
    public static boolean isFatal(Throwable failure) {
        return fatalCause(failure) != null;
    }

    /** Throws the {@link Error} behind {@code failure}, if there is one (see {@link #isFatal}). */
    public static void rethrowIfFatal(Throwable failure) {
        Error fatal = fatalCause(failure);
        if (fatal != null) {
            throw fatal;
        }
    }

    private static Error fatalCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof Error error) {
                return error;
            }
        }
        return null;
    }

    static boolean isTransientState(String sqlState) {
        return sqlState.length() == 5 && (TRANSIENT_STATES.contains(sqlState)
                || TRANSIENT_CLASSES.contains(sqlState.substring(0, 2)));
    }

    /** The failure as one line for logs, headers and the status endpoint. */
    public static String describe(Throwable failure) {
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
