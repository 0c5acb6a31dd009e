package dev.annals.core.envelope;

import dev.annals.core.AggregateId;
import dev.annals.core.TypeName;
import dev.annals.core.topic.Topics;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A command on its way from the gateway to the command processor. {@code payload} is the command record's JSON;
 * everything a retry or a concurrency check needs travels beside it.
 *
 * @param commandId       unique id the gateway gave this command (a UUID)
 * @param aggregateType   e.g. {@code bank-account}; on Kafka it is the topic
 * @param aggregateId     the target aggregate; on Kafka it is the key, so a command shares a partition with the
 *                        aggregate's events
 * @param commandName     the command's REST name, e.g. {@code deposit}
 * @param idempotencyKey  the client's {@code Idempotency-Key}: a retry with the same key is answered with the
 *                        first outcome and writes nothing
 * @param expectedVersion the client's {@code If-Match}: the version the aggregate must be at
 * @param correlationId   id shared by everything one request set off
 * @param principal       the authenticated subject who sent it: recorded in every event it causes, and the scope of
 *                        its idempotency key (two callers' equal keys are two different commands)
 * @param payload         the command's JSON
 * @param replyTo         where the processor answers it: a consumer service's own reply topic ({@code
 *                        annals.replies.<service>}, for the commands its reactors send); empty for the gateway's
 *                        shared {@code annals.command-replies}
 * @param trace           the span that sent it (the gateway's, a reactor's), in the headers {@code traceparent}
 *                        and {@code tracestate}: the processor's span continues that trace
 */
public record CommandEnvelope(
        String commandId,
        String aggregateType,
        String aggregateId,
        String commandName,
        Optional<String> idempotencyKey,
        OptionalLong expectedVersion,
        String correlationId,
        String principal,
        byte[] payload,
        Optional<String> replyTo,
        Optional<TraceContext> trace) {

    /** Visible ASCII only, so a key survives HTTP headers, Kafka headers and logs unchanged. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    public CommandEnvelope {
        if (commandId == null || commandId.isBlank()) {
            throw new IllegalArgumentException("commandId must not be blank");
        }
        TypeName.require(aggregateType, "aggregateType");
        AggregateId.require(aggregateId);
        TypeName.require(commandName, "commandName");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        idempotencyKey.ifPresent(key -> {
            if (!isValidIdempotencyKey(key)) {
                throw new IllegalArgumentException("an idempotency key is 1-255 visible ASCII characters");
            }
        });
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        expectedVersion.ifPresent(version -> {
            if (version < 0) {
                throw new IllegalArgumentException("expectedVersion is 0 (no events yet) or more, not " + version);
            }
        });
        if (correlationId == null || correlationId.isBlank()) {
            throw new IllegalArgumentException("correlationId must not be blank");
        }
        if (!isValidPrincipal(principal)) {
            throw new IllegalArgumentException("a principal is 1-" + MAX_PRINCIPAL_LENGTH
                    + " visible characters, not " + principal);
        }
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(replyTo, "replyTo");
        replyTo.ifPresent(topic -> {
            if (!Topics.isServiceReplies(topic)) {
                throw new IllegalArgumentException("a command is answered on a service's reply topic ("
                        + Topics.REPLIES_PREFIX + "<service>), not on " + topic);
            }
            // bound to the sender: a service that writes commands as itself is answered on its own topic, and
            // cannot have the processor write answers into another's
            if (!topic.equals(Topics.REPLIES_PREFIX + principal)) {
                throw new IllegalArgumentException("a command is answered on its sender's own reply topic, "
                        + Topics.REPLIES_PREFIX + principal + ", not on " + topic);
            }
        });
        Objects.requireNonNull(trace, "trace");
    }

    /** A command outside any trace, answered on {@code replyTo}. */
    public CommandEnvelope(String commandId, String aggregateType, String aggregateId, String commandName,
                           Optional<String> idempotencyKey, OptionalLong expectedVersion, String correlationId,
                           String principal, byte[] payload, Optional<String> replyTo) {
        this(commandId, aggregateType, aggregateId, commandName, idempotencyKey, expectedVersion, correlationId,
                principal, payload, replyTo, Optional.empty());
    }

    /** A command the gateway sends: answered on the shared reply topic. */
    public CommandEnvelope(String commandId, String aggregateType, String aggregateId, String commandName,
                           Optional<String> idempotencyKey, OptionalLong expectedVersion, String correlationId,
                           String principal, byte[] payload) {
        this(commandId, aggregateType, aggregateId, commandName, idempotencyKey, expectedVersion, correlationId,
                principal, payload, Optional.empty(), Optional.empty());
    }

    /** The same command, sent under the span {@code trace} names. */
    public CommandEnvelope withTrace(TraceContext trace) {
        return new CommandEnvelope(commandId, aggregateType, aggregateId, commandName, idempotencyKey,
                expectedVersion, correlationId, principal, payload, replyTo, Optional.of(trace));
    }

    /** Long enough for any identity provider's subject (a UUID, an e-mail address, a service account name). */
    public static final int MAX_PRINCIPAL_LENGTH = 255;

    /** Any non-blank text without control characters, at most {@link #MAX_PRINCIPAL_LENGTH} long. */
    public static boolean isValidPrincipal(String principal) {
        return principal != null && !principal.isBlank() && principal.length() <= MAX_PRINCIPAL_LENGTH
                && principal.chars().noneMatch(Character::isISOControl);
    }

    public static boolean isValidIdempotencyKey(String key) {
        return key != null && IDEMPOTENCY_KEY.matcher(key).matches();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CommandEnvelope that
                && commandId.equals(that.commandId)
                && aggregateType.equals(that.aggregateType)
                && aggregateId.equals(that.aggregateId)
                && commandName.equals(that.commandName)
                && idempotencyKey.equals(that.idempotencyKey)
                && expectedVersion.equals(that.expectedVersion)
                && correlationId.equals(that.correlationId)
                && principal.equals(that.principal)
                && Arrays.equals(payload, that.payload)
                && replyTo.equals(that.replyTo)
                && trace.equals(that.trace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(commandId, aggregateType, aggregateId, commandName, idempotencyKey, expectedVersion,
                correlationId, principal, replyTo, trace) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "CommandEnvelope[" + aggregateType + "/" + aggregateId + "/" + commandName + " id=" + commandId + " by " + principal
                + idempotencyKey.map(key -> " idempotencyKey=" + key).orElse("")
                + (expectedVersion.isPresent() ? " expectedVersion=" + expectedVersion.getAsLong() : "")
                + replyTo.map(topic -> " replyTo=" + topic).orElse("") + "]";
    }
}
