package dev.annals.query.consistency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One {@code LISTEN annals_checkpoint} connection per service, shared by every waiting request and event stream.
 * Vert.x's {@link PgSubscriber} re-connects when the connection drops and re-issues the LISTEN; observers are then
 * told to re-read what they wait for, since notices sent meanwhile are lost.
 *
 * <p>A connection can also die without closing — a backend that hangs, a network path that drops packets, a
 * standby that took the address — and then nothing says so: notices stop, every read with a token times out,
 * and readiness would stay up. So every {@code annals.query.listener-check-interval} the listener notifies itself
 * on a channel of its own, through the same connection. If that notice has not come back by the next check, the
 * connection is taken for dead: readiness goes down, the connection is closed, and the subscriber re-connects.
 */
@ApplicationScoped
public class CheckpointListener {

    private static final Logger LOG = Logger.getLogger(CheckpointListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final QueryConfig config;
    private final String url;
    private final String username;
    private final String password;
    private final List<CheckpointObserver> observers = new CopyOnWriteArrayList<>();
    /** This instance's own channel for its liveness checks, so that no other instance hears them. */
    private final String pingChannel = "annals_ping_" + Long.toHexString(new SecureRandom().nextLong());
    private volatile PgSubscriber subscriber;
    private volatile boolean listening;
    private volatile boolean stopped;
    /** A self-notice sent and not yet heard back. */
    private volatile boolean pingOutstanding;
    private long checkTimer = -1;

    CheckpointListener(Vertx vertx, QueryConfig config,
                       @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                       @ConfigProperty(name = "quarkus.datasource.username") String username,
                       @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.config = config;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void start(@Observes @Priority(10) StartupEvent started) {
        subscriber = subscriber();
        connect(subscriber);
        checkTimer = vertx.setPeriodic(config.listenerCheckInterval().toMillis(), ignored -> checkConnection());
    }

    /** A subscriber to the checkpoint channel and this instance's check channel, not connected yet. */
    private PgSubscriber subscriber() {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(username).setPassword(password);
        long maxBackoff = config.listenerMaxBackoff().toMillis();
        PgSubscriber created = PgSubscriber.subscriber(vertx, options)
                // attempt n waits 100 ms · 2^n up to the maximum, and never gives up: reads depend on it
                .reconnectPolicy(attempt -> Math.min(maxBackoff, 100L << Math.min(attempt, 16)));
        // called only when a subscriber is closed for good: on stop, when it is replaced, or if the policy gave up,
        // which ours never does
        created.closeHandler(ignored -> {
            if (created == subscriber) {
                listening = false;
                if (!stopped) {
                    LOG.error("stopped listening for checkpoints; reads with a consistency token will time out");
                }
            }
        });
        created.channel(CheckpointNotice.CHANNEL)
                .subscribeHandler(ignored -> {
                    pingOutstanding = false;
                    listening = true;
                    LOG.debugf("listening on %s", CheckpointNotice.CHANNEL);
                    observers.forEach(CheckpointObserver::onListening);
                })
                .handler(this::dispatch);
        created.channel(pingChannel).handler(ignored -> pingOutstanding = false);
        return created;
    }

    /**
     * Replaces a connection whose last self-notice did not come back, then sends the next one. The dead connection
     * cannot be closed in the ordinary way (a close waits behind the check that never got its answer), so its
     * subscriber is dropped and a new one subscribes on a connection of its own.
     */
    private void checkConnection() {
        PgSubscriber current = subscriber;
        PgConnection connection = current.actualConnection();
        if (stopped || connection == null || !listening) {
            return; // not connected: the subscriber is re-connecting on its own
        }
        if (pingOutstanding) {
            LOG.warnf("the checkpoint listener heard nothing back from its own notice within %s: its connection is "
                    + "taken for dead and replaced", config.listenerCheckInterval());
            listening = false;
            pingOutstanding = false;
            subscriber = subscriber();
            connect(subscriber);
            current.close();
            return;
        }
        pingOutstanding = true;
        connection.query("select pg_notify('" + pingChannel + "', '')").execute()
                .onFailure(failure -> LOG.debugf("the checkpoint listener's check failed: %s", failure));
    }

    /**
     * The first connection is retried here, for as long as the subscriber is the one in use: its own policy only
     * covers a connection it had. A subscriber whose connect failed counts itself open, and would ignore the next
     * connect; it is closed first (it has no connection to close), which lets it connect again.
     */
    private void connect(PgSubscriber created) {
        Uni.createFrom().completionStage(() -> created.connect().toCompletionStage())
                .onFailure().invoke(failure -> {
                    LOG.warnf("cannot listen for checkpoints yet: %s", failure.toString());
                    created.close();
                })
                .onFailure(failure -> !stopped && created == subscriber).retry()
                .withBackOff(Duration.ofMillis(100), config.listenerMaxBackoff()).indefinitely()
                .subscribe().with(ignored -> { }, failure -> LOG.error("gave up listening for checkpoints", failure));
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        if (checkTimer >= 0) {
            vertx.cancelTimer(checkTimer);
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /** The PostgreSQL backend process of the listening connection, when there is one: for operators and tests. */
    public OptionalInt backendProcessId() {
        PgConnection connection = subscriber == null ? null : subscriber.actualConnection();
        return connection == null ? OptionalInt.empty() : OptionalInt.of(connection.processId());
    }

    public void observe(CheckpointObserver observer) {
        observers.add(observer);
    }

    public void forget(CheckpointObserver observer) {
        observers.remove(observer);
    }

    /**
     * Whether notices arrive now; readiness says so. While the subscriber re-connects it has no connection, and
     * {@code listening} turns true again only once the LISTEN is issued on the new one.
     */
    public boolean listening() {
        PgSubscriber current = subscriber;
        return listening && current != null && !current.closed() && current.actualConnection() != null;
    }

    private void dispatch(String payload) {
        CheckpointNotice notice;
        try {
            notice = JSON.readValue(payload, CheckpointNotice.class);
        } catch (IOException e) {
            LOG.warnf("ignored a %s notice that is not a checkpoint: %s", CheckpointNotice.CHANNEL, payload);
            return;
        }
        for (CheckpointObserver observer : observers) {
            try {
                observer.onCheckpoint(notice);
            } catch (RuntimeException e) {
                LOG.error("a checkpoint observer failed", e);
            }
        }
    }
}
