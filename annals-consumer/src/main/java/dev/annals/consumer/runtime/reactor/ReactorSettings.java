package dev.annals.consumer.runtime.reactor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code annals.reactor.*}: how the service's reactors send commands and keep deadlines. See
 * docs/configuration.md.
 */
@ConfigMapping(prefix = "annals.reactor")
public interface ReactorSettings {

    /**
     * Who the service's commands are from: recorded in every event they cause ({@code ce_principal}) and the scope
     * of their idempotency keys. Default: the application's name.
     */
    Optional<String> principal();

    /** The roles the service's commands carry, for a domain's own rules ({@code Caller}); none by default. */
    Optional<Set<String>> roles();

    /**
     * Where the command processor answers the service's commands: {@code annals.replies.<service>}, the
     * application's name by default. No other service reads it.
     */
    Optional<String> replyTopic();

    /** How long a command waits for its answer before it is sent again, with the same idempotency key. */
    @WithDefault("10s")
    Duration replyTimeout();

    /**
     * How long the reply topic's reader may fail to read it (Kafka refusing it, say) before liveness goes down: the
     * reader keeps trying meanwhile, and every command waiting for an answer is sent again, but past this the
     * restart that liveness brings is the better cure — and the visible one.
     */
    @WithDefault("60s")
    Duration replyReaderGrace();

    /**
     * The longest one reaction — an event's or a deadline's handler, with its calls and sends — may take: past it,
     * it is abandoned and tried again, with the same keys. No transaction is open meanwhile.
     */
    @WithDefault("30s")
    Duration reactionTimeout();

    /** How many aggregates' reactions run side by side; each aggregate's own run one after another. */
    @WithDefault("16")
    int concurrency();

    /**
     * How many events may wait for their reactions at once: past it, the reactor reads no further until reactions
     * catch up (memory, and how far a restart re-reads, are bounded by it).
     */
    @WithDefault("2000")
    int maxInFlight();

    /** Whether the service creates its reply topic; off where the manifests' KafkaTopic makes it. */
    @WithDefault("true")
    boolean createReplyTopic();

    /** Replicas of the reply topic the service creates: 3 in production; devstack's single broker sets 1. */
    @WithDefault("3")
    short replyReplicationFactor();

    @WithDefault("2")
    short replyMinInsyncReplicas();
}
