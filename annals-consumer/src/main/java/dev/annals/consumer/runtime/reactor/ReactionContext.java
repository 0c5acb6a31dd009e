package dev.annals.consumer.runtime.reactor;

import dev.annals.consumer.CommandOutcome;
import dev.annals.consumer.Deadline;
import dev.annals.consumer.Reaction;
import dev.annals.consumer.Send;
import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.AggregateType;
import dev.annals.core.Caller;
import dev.annals.core.ServerValues;
import dev.annals.core.consistency.ConsistencyToken;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.TraceContext;
import dev.annals.core.json.DomainJson;
import dev.annals.core.reply.CommandReply;
import dev.annals.core.reply.RecordedEvent;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * One reaction of a reactor — to an event, or to a deadline — and every effect it has, each with a key derived
 * from what it reacts to: {@code <reactor>/<event id>/1-confirm-payment} for its first command, {@code
 * <reactor>/<event id>/call-charge} for its call {@code charge}, {@code <reactor>/deadline/<name>/<key>/<due>/…}
 * for a deadline's. The same event handled again (a crash before the checkpoint moved) derives the same keys, so
 * the processor answers its commands as it did the first time, and writes nothing new.
 */
public final class ReactionContext implements Reaction {

    private static final Logger LOG = Logger.getLogger(ReactionContext.class);
    private static final Pattern EFFECT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final RandomGenerator RANDOM = new SecureRandom();

    private final String reactor;
    private final String origin;
    private final String correlationId;
    private final String topic;
    private final int partition;
    /** {@code <type>/<id>} of the aggregate the reaction is to (a deadline's: the one that scheduled it); or null. */
    private final String aggregate;
    private final Sql sql;
    private final CommandBus bus;
    private final Set<String> deadlineNames;
    private final CommandValidator validator;
    private final Clock clock;
    private final Optional<TraceContext> trace;
    private int sends;

    private ReactionContext(String reactor, String origin, String correlationId, String topic, int partition,
                            String aggregate, Sql sql, CommandBus bus, Set<String> deadlineNames,
                            CommandValidator validator, Clock clock, Optional<TraceContext> trace) {
        this.aggregate = aggregate;
        this.reactor = reactor;
        this.trace = trace;
        this.origin = origin;
        this.correlationId = correlationId;
        this.topic = topic;
        this.partition = partition;
        this.sql = sql;
        this.bus = bus;
        this.deadlineNames = Set.copyOf(deadlineNames);
        this.validator = validator;
        this.clock = clock;
    }

    /** Checks a command as the gateway would (Bean Validation): the violations, none if it is valid. */
    @FunctionalInterface
    public interface CommandValidator {

        CommandValidator NONE = command -> Set.of();

        Set<String> violations(Object command);
    }

    /** What every reaction of one reactor shares. */
    public record Reactor(String name, CommandBus bus, Set<String> deadlineNames, CommandValidator validator,
                          Clock clock) {
    }

    /**
     * The reaction to an event read at {@code topic}/{@code partition}; its deadlines belong there. Its commands
     * carry {@code trace}, the span of its handling: their processing joins the event's trace.
     */
    public static ReactionContext forEvent(Reactor reactor, EventEnvelope event, String topic, int partition, Sql sql,
                                           Optional<TraceContext> trace) {
        return new ReactionContext(reactor.name(), reactor.name() + "/" + event.id(), event.correlationId(), topic,
                partition, event.aggregateType() + "/" + event.aggregateId(), sql, reactor.bus(),
                reactor.deadlineNames(), reactor.validator(), reactor.clock(), trace);
    }

    /** The reaction to a deadline that came due; its effects' keys are the deadline's, its trace its firing's. */
    public static ReactionContext forDeadline(Reactor reactor, Deadline deadline, String topic, int partition,
                                              String aggregate, Sql sql, Optional<TraceContext> trace) {
        String origin = reactor.name() + "/deadline/" + deadline.name() + "/" + deadline.key() + "/"
                + deadline.due().toEpochMilli();
        return new ReactionContext(reactor.name(), origin, UUID.randomUUID().toString(), topic, partition, aggregate,
                sql, reactor.bus(), reactor.deadlineNames(), reactor.validator(), reactor.clock(), trace);
    }

    @Override
    public Uni<CommandOutcome> send(Send send) {
        Objects.requireNonNull(send, "send");
        CommandEnvelope command;
        try {
            // the command's name in its key: a reaction that decides otherwise on a second delivery (a call that
            // answers now where it timed out before) sends under another key, and its If-Match, or the domain,
            // turns the second decision away — never a reuse of the first one's key for another command
            command = envelope(send, ++sends);
        } catch (RuntimeException invalid) {
            return Uni.createFrom().failure(invalid);
        }
        return bus.send(command).map(reply -> outcome(command, reply));
    }

    @Override
    public <T> Uni<T> call(String name, Function<String, Uni<T>> call) {
        String key = key(name);
        return Uni.createFrom().deferred(() -> call.apply(key));
    }

    @Override
    public String key(String name) {
        if (name == null || !EFFECT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a call's name is lower-case kebab-case, not " + name);
        }
        return derive("call-" + name);
    }

    @Override
    public Sql sql() {
        return sql;
    }

    @Override
    public void schedule(String name, String key, Instant due) {
        requireDeadline(name);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(due, "due");
        Deadlines.schedule(sql, new Deadline(name, key, due), topic, partition, aggregate);
    }

    @Override
    public void cancel(String name, String key) {
        requireDeadline(name);
        Deadlines.cancel(sql, name, Objects.requireNonNull(key, "key"));
    }

    private void requireDeadline(String name) {
        if (!deadlineNames.contains(name)) {
            throw new IllegalArgumentException("reactor " + reactor + " has no handler for deadline " + name
                    + "; it has " + deadlineNames);
        }
    }

    /** {@code <origin>/<effect>}, or its SHA-256 where that is not a valid idempotency key (too long, say). */
    private String derive(String effect) {
        String key = origin + "/" + effect;
        if (VALID_KEY.matcher(key).matches()) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return reactor + "/sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <C> CommandEnvelope envelope(Send send, int number) {
        @SuppressWarnings("unchecked")
        AggregateType<C, ?, ?> type = (AggregateType<C, ?, ?>) send.type();
        C command = type.commandType().cast(send.command());
        String name = type.commandName(command);
        String idempotencyKey = send.key().map(key -> reactor + "/key/" + key).orElseGet(() ->
                derive(number + "-" + name));
        if (!type.serverGenerated(name).isEmpty()) {
            // drawn again on a retry; the processor's fingerprint of a keyed command leaves drawn values out
            command = type.complete(command, ServerValues.of(send.aggregateId(), clock.instant(), RANDOM,
                    new Caller(bus.principal(), bus.roles())));
        }
        Set<String> violations = validator.violations(command);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(reactor + " sent an invalid " + type.name() + " " + name + ": "
                    + violations);
        }
        String commandId = UUID.randomUUID().toString();
        return new CommandEnvelope(commandId, type.name(), send.aggregateId(), name, Optional.of(idempotencyKey),
                send.expectedVersion(), correlationId, bus.principal(), DomainJson.write(command),
                Optional.of(bus.replyTopic()), trace);
    }

    /** The reply as the handler sees it; what is not an outcome fails the reaction. */
    private CommandOutcome outcome(CommandEnvelope command, CommandReply reply) {
        return switch (reply.outcome()) {
            case ACCEPTED -> new CommandOutcome.Accepted(reply.version(),
                    reply.events().stream().map(RecordedEvent::type).toList(),
                    reply.events().isEmpty() ? Optional.empty() : Optional.of(ConsistencyToken.of(
                            reply.aggregateType(), reply.partition(), reply.commandOffset())));
            case REJECTED -> {
                LOG.infof("reactor %s: %s was rejected: %s (%s)", reactor, command, reply.reason(), reply.message());
                yield new CommandOutcome.Rejected(reply.version(), reply.reason(), reply.message());
            }
            case VERSION_CONFLICT -> {
                LOG.infof("reactor %s: %s found the aggregate at version %d", reactor, command, reply.version());
                yield new CommandOutcome.VersionConflict(reply.version(), reply.message());
            }
            case UNAVAILABLE -> throw new CommandBus.NoAnswerException("the processor cannot take " + command
                    + " now: " + reply.reason() + " (" + reply.message() + ")", null);
            case IDEMPOTENCY_KEY_REUSED -> throw new IllegalStateException("reactor " + reactor + " sent " + command
                    + " under a key it sent another command with before: its reaction is not deterministic ("
                    + reply.message() + ")");
            case MALFORMED, FAILED -> throw new IllegalStateException("the processor failed on " + command + ": "
                    + reply.reason() + " (" + reply.message() + ")");
        };
    }
}
