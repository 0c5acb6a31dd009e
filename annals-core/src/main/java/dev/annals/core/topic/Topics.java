package dev.annals.core.topic;

import dev.annals.core.TypeName;

import java.util.Optional;

/**
 * Names of everything Annals keeps in Kafka. Per aggregate type: {@code annals.<type>.commands},
 * {@code annals.<type>.events} and the command processor's compacted aggregate store; shared: the gateway's reply
 * topic; per consumer service that sends commands: its reply topic; per consumer: its dead-letter topic and
 * consumer group.
 *
 * <p>Every topic of one aggregate type has the same partition count and is keyed by aggregate id, so a command,
 * its events and its aggregate's snapshot share a partition number.
 */
public final class Topics {

    public static final String COMMAND_REPLIES = "annals.command-replies";

    private static final String PREFIX = "annals.";
    /** Where the command processor answers the commands of consumer services; its ACLs are on this prefix. */
    public static final String REPLIES_PREFIX = PREFIX + "replies.";
    private static final String COMMANDS_SUFFIX = ".commands";
    private static final String EVENTS_SUFFIX = ".events";

    private Topics() {
    }

    /** {@code annals.bank-account.commands} */
    public static String commands(String aggregateType) {
        return PREFIX + TypeName.require(aggregateType, "an aggregate type") + COMMANDS_SUFFIX;
    }

    /** {@code annals.bank-account.events}: the event store. */
    public static String events(String aggregateType) {
        return PREFIX + TypeName.require(aggregateType, "an aggregate type") + EVENTS_SUFFIX;
    }

    /** {@code annals.dlq.event-journal}: where a consumer puts events it cannot process. */
    public static String deadLetter(String consumer) {
        return PREFIX + "dlq." + TypeName.require(consumer, "a consumer name");
    }

    /** {@code annals.projection.event-journal}: a projection's consumer group. */
    public static String consumerGroup(String projection) {
        return PREFIX + "projection." + TypeName.require(projection, "a projection name");
    }

    /** {@code annals.reactor.payments}: a reactor's consumer group. */
    public static String reactorGroup(String reactor) {
        return PREFIX + "reactor." + TypeName.require(reactor, "a reactor name");
    }

    /**
     * {@code annals.replies.payment-service}: where the command processor answers the commands one consumer
     * service sends (its reactors'), so that no service reads another's answers. The gateway's answers stay on
     * {@link #COMMAND_REPLIES}.
     */
    public static String replies(String service) {
        return REPLIES_PREFIX + TypeName.require(service, "a service name");
    }

    /** Whether {@code topic} is a service's reply topic ({@link #replies}). */
    public static boolean isServiceReplies(String topic) {
        return topic != null && topic.startsWith(REPLIES_PREFIX)
                && TypeName.isValid(topic.substring(REPLIES_PREFIX.length()));
    }

    /** {@code bank-account-aggregates}: the command processor's state store of an aggregate type. */
    public static String aggregateStore(String aggregateType) {
        return TypeName.require(aggregateType, "an aggregate type") + "-aggregates";
    }

    /**
     * {@code bank-account-outcomes}: the command processor's store of first answers to commands with an
     * idempotency key, by aggregate id and key, for the idempotency window.
     */
    public static String outcomeStore(String aggregateType) {
        return TypeName.require(aggregateType, "an aggregate type") + "-outcomes";
    }

    /** {@code bank-account-outcome-expiry}: the remembered answers of a type by the time they were given. */
    public static String outcomeExpiryStore(String aggregateType) {
        return TypeName.require(aggregateType, "an aggregate type") + "-outcome-expiry";
    }

    /**
     * {@code <application id>-bank-account-aggregates-changelog}: the compacted topic Kafka Streams keeps behind
     * the aggregate store; aggregates are rebuilt from it.
     */
    public static String aggregateChangelog(String applicationId, String aggregateType) {
        return changelog(applicationId, aggregateStore(aggregateType));
    }

    /** {@code <application id>-<store>-changelog}: the compacted topic Kafka Streams keeps behind a store. */
    public static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /** The aggregate type whose events topic this is, if it is one. */
    public static Optional<String> aggregateTypeOfEvents(String topic) {
        return typeBetween(topic, EVENTS_SUFFIX);
    }

    /** The aggregate type whose commands topic this is, if it is one. */
    public static Optional<String> aggregateTypeOfCommands(String topic) {
        return typeBetween(topic, COMMANDS_SUFFIX);
    }

    private static Optional<String> typeBetween(String topic, String suffix) {
        if (topic == null || !topic.startsWith(PREFIX) || !topic.endsWith(suffix)) {
            return Optional.empty();
        }
        String type = topic.substring(PREFIX.length(), topic.length() - suffix.length());
        return TypeName.isValid(type) ? Optional.of(type) : Optional.empty();
    }
}
