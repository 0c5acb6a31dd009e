package dev.annals.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.consumer.CommandOutcome;
import dev.annals.consumer.Deadline;
import dev.annals.consumer.Reactor;
import dev.annals.consumer.Send;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.failure.Parking;
import dev.annals.consumer.runtime.reactor.CommandBus;
import dev.annals.consumer.runtime.reactor.Deadlines;
import dev.annals.consumer.runtime.reactor.ReactionContext;
import dev.annals.core.AggregateType;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.json.DomainJson;
import dev.annals.core.reply.CommandReply;
import dev.annals.core.reply.Outcome;
import dev.annals.core.topic.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.opentest4j.AssertionFailedError;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Given/when/then tests for a {@link Reactor}: given events, when one comes, then these commands.
 *
 * <pre>{@code
 * private final ReactorFixture payments = ReactorFixture.of(new PaymentsReactor(provider, timeout));
 *
 * @Test
 * void an_approved_charge_confirms_the_payment() {
 *     payments.when(Events.of(FoodOrderType.TYPE, "o-1", created, new PaymentInitiated("card")))
 *             .thenSends(Send.to(FoodOrderType.TYPE, "o-1", new ConfirmPayment(null)).ifAt(2));
 * }
 * }</pre>
 *
 * <p>What runs is what the runtime runs: each {@code given} or {@code when} is one poll's batch for the runtime's
 * own runner, on the reactor's migrated tables (a schema of the fixture's own on devstack's PostgreSQL): each
 * aggregate's events reacted to in order, aggregates side by side, each reaction outside any transaction — the
 * version rule first (an event reacted to before does nothing again), then its handler with a {@link
 * dev.annals.consumer.Reaction} that derives its keys as in production and a deferred {@code Sql} (statements
 * queued, queries read what is committed, {@code update} refused), then a short transaction that records it. A
 * reaction that fails every attempt is dead-lettered and its aggregate parked ({@link Then#thenFails}). The fixture
 * answers once the batch's reactions are done. {@link #whenDue} fires a deadline directly, in one transaction.
 * Only the command processor is not there: the fixture records each command and answers it —
 * accepted, unless {@link #answering} says otherwise — so a test can show what a reactor does with a refusal.
 * Commands are compared as the processor's idempotency check compares them: their values drawn by the server
 * ({@code @ServerGenerated}) left out. Deadlines are in the schema too: {@link Then#thenDeadline} sees one
 * scheduled, {@link #whenDue} fires it.
 */
public final class ReactorFixture implements AutoCloseable {

    private static final String PRINCIPAL = "reactor-fixture";
    private static final int PARTITION = 0;

    private final ConsumerPlan plan;
    private final FixtureDatabase database;
    private final EmbeddedRunner runner;
    private final RecordingBus bus = new RecordingBus();
    private final EventLog log = new EventLog();
    private Function<Send, CommandOutcome> answers = ReactorFixture::accepted;

    private ReactorFixture(Reactor reactor, Set<String> roles) {
        bus.roles = Set.copyOf(roles);
        this.plan = ConsumerPlan.of(reactor, bus, validator(),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        List<String> runtimeTables = new ArrayList<>(Deadlines.CREATE);
        runtimeTables.addAll(Parking.CREATE);
        this.database = FixtureDatabase.create(reactor.name(), reactor.migrations(), runtimeTables);
        this.runner = new EmbeddedRunner(plan, database);
    }

    public static ReactorFixture of(Reactor reactor) {
        return new ReactorFixture(reactor, Set.of());
    }

    /** A reactor whose commands carry these roles ({@code annals.reactor.roles}), for a domain's own rules. */
    public static ReactorFixture of(Reactor reactor, Set<String> roles) {
        return new ReactorFixture(reactor, roles);
    }

    /** How the aggregates answer the commands from now on; every command is accepted until this is called. */
    public ReactorFixture answering(Function<Send, CommandOutcome> answers) {
        this.answers = answers;
        return this;
    }

    /** An accepted outcome at version 1 more than the command expected (or 1), with no events named. */
    public static CommandOutcome accepted(Send send) {
        return new CommandOutcome.Accepted(send.expectedVersion().orElse(0) + 1, List.of(), Optional.empty());
    }

    /** Events the reactor handles first, one batch; their commands are answered and forgotten. */
    public Then given(Events... batch) {
        Then then = when(batch);
        then.thenHandled();
        bus.sent.clear();
        return then;
    }

    /** Events the reactor handles, one batch: then see what it sent ({@link Then#thenSends}). */
    public Then when(Events... batch) {
        bus.sent.clear();
        List<EventLog.Logged> events = log.number(List.of(batch));
        for (Events given : batch) {
            bus.types.put(given.type().name(), given.type());
        }
        List<EmbeddedRunner.Letter> failed = runner.apply(events);
        log.applied(events); // in the log whatever became of them: the next events are numbered after them
        return new Then(failed.stream().map(EmbeddedRunner.Letter::reason).toList(), List.copyOf(bus.sent));
    }

    /** The deadline {@code name} of {@code key} comes due now (it must be scheduled): its handler runs. */
    public Then whenDue(String name, String key) {
        bus.sent.clear();
        List<List<Object>> rows = database.rows("select due_at, topic, partition from " + Deadlines.TABLE
                + " where name = $1 and key = $2", name, key);
        if (rows.isEmpty()) {
            throw new AssertionFailedError("no deadline " + name + " for " + key + " is scheduled");
        }
        List<Object> row = rows.getFirst();
        Deadline deadline = new Deadline(name, key, (Instant) row.get(0));
        try {
            database.inTransaction(sql -> plan.fire(deadline, (String) row.get(1), ((Long) row.get(2)).intValue(),
                    sql));
            return new Then(List.of(), List.copyOf(bus.sent));
        } catch (RuntimeException failure) {
            return new Then(List.of(String.valueOf(failure.getMessage())), List.copyOf(bus.sent));
        }
    }

    /** The rows of any query on the reactor's tables (unqualified names). */
    public List<List<Object>> rows(String query, Object... parameters) {
        return database.rows(query, parameters);
    }

    @Override
    public void close() {
        database.close();
    }

    /** A command the reactor sent, as the processor got it. */
    public record Sent(Send send, String idempotencyKey, String principal) {
    }

    /** What a batch (or a deadline) did: the commands it sent, and why its reactions failed, if any did. */
    public final class Then {

        private final List<String> failures;
        private final List<Sent> sent;

        private Then(List<String> failures, List<Sent> sent) {
            this.failures = failures;
            this.sent = sent;
        }

        /** The reactor handled it: its checkpoint moves on. */
        public Then thenHandled() {
            if (!failures.isEmpty()) {
                throw new AssertionFailedError("the reactor failed: " + failures.getFirst());
            }
            return this;
        }

        /**
         * A reaction failed, with a reason that contains {@code reason}: after its attempts (none for a {@code
         * PermanentFailure}) the event was dead-lettered and its aggregate parked, as a service's runner does; a
         * deadline that fails stays, to fire again.
         */
        public Then thenFails(String reason) {
            if (failures.isEmpty()) {
                throw new AssertionFailedError("the reactor handled it; expected it to fail with " + reason);
            }
            if (failures.stream().noneMatch(failure -> failure.contains(reason))) {
                throw new AssertionFailedError("the reactor failed for another reason", reason, failures.getFirst());
            }
            return this;
        }

        /** It was handled, and these commands were sent, in this order; no arguments: none. */
        public Then thenSends(Send... expected) {
            thenHandled();
            List<String> want = Arrays.stream(expected).map(ReactorFixture::comparable).toList();
            List<String> got = sent.stream().map(Sent::send).map(ReactorFixture::comparable).toList();
            if (!want.equals(got)) {
                throw new AssertionFailedError("the reactor sent other commands", want, got);
            }
            return this;
        }

        /** The commands sent, with their derived keys, for assertions of one's own. */
        public List<Sent> sent() {
            return sent;
        }

        /** The deadline {@code name} of {@code key} is scheduled for {@code due}. */
        public Then thenDeadline(String name, String key, Instant due) {
            thenHandled();
            List<List<Object>> rows = rows("select due_at from " + Deadlines.TABLE + " where name = $1 and key = $2",
                    name, key);
            List<List<Object>> want = List.of(List.of(due));
            if (!rows.equals(want)) {
                throw new AssertionFailedError("deadline " + name + " of " + key, want, rows);
            }
            return this;
        }

        /** No deadline {@code name} of {@code key} is scheduled (none was, or it was cancelled or fired). */
        public Then thenNoDeadline(String name, String key) {
            thenHandled();
            List<List<Object>> rows = rows("select due_at from " + Deadlines.TABLE + " where name = $1 and key = $2",
                    name, key);
            if (!rows.isEmpty()) {
                throw new AssertionFailedError("deadline " + name + " of " + key + " is scheduled: " + rows);
            }
            return this;
        }

        /** Another batch after this one. */
        public Then when(Events... batch) {
            thenHandled();
            return ReactorFixture.this.when(batch);
        }

        /** A deadline after this. */
        public Then whenDue(String name, String key) {
            thenHandled();
            return ReactorFixture.this.whenDue(name, key);
        }
    }

    /** Type, aggregate, command name, expected version and the command's JSON without what the server draws. */
    private static String comparable(Send send) {
        AggregateType<Object, ?, ?> type = cast(send.type());
        String name = type.commandName(send.command());
        JsonNode json = DomainJson.readTree(DomainJson.write(send.command()));
        Set<String> drawn = type.serverGenerated(name);
        if (json instanceof ObjectNode object) {
            object.remove(drawn);
        }
        return type.name() + "/" + send.aggregateId() + "/" + name
                + (send.expectedVersion().isPresent() ? " if at v" + send.expectedVersion().getAsLong() : "") + " "
                + json;
    }

    @SuppressWarnings("unchecked")
    private static AggregateType<Object, ?, ?> cast(AggregateType<?, ?, ?> type) {
        return (AggregateType<Object, ?, ?>) type;
    }

    /** Records each command and answers it as the test says. */
    private final class RecordingBus implements CommandBus {

        private final List<Sent> sent = new CopyOnWriteArrayList<>();
        private Set<String> roles = Set.of();
        private final Map<String, AggregateType<?, ?, ?>> types = new ConcurrentHashMap<>();

        @Override
        public Uni<CommandReply> send(CommandEnvelope command) {
            return Uni.createFrom().item(() -> {
                AggregateType<?, ?, ?> type = plan.types().get(command.aggregateType());
                if (type == null) {
                    type = types.get(command.aggregateType());
                }
                if (type == null) {
                    throw new IllegalStateException("the fixture knows no aggregate type " + command.aggregateType()
                            + "; name it in one of the reactor's handlers or give it with Events");
                }
                Object decoded = DomainJson.read(command.payload(),
                        type.commandClass(command.commandName()).orElseThrow());
                Send send = new Send(type, command.aggregateId(), decoded, command.expectedVersion());
                sent.add(new Sent(send, command.idempotencyKey().orElseThrow(), command.principal()));
                return reply(command, answers.apply(send));
            });
        }

        @Override
        public String replyTopic() {
            return Topics.replies(PRINCIPAL);
        }

        @Override
        public String principal() {
            return PRINCIPAL;
        }

        @Override
        public Set<String> roles() {
            return roles;
        }

        private CommandReply reply(CommandEnvelope command, CommandOutcome outcome) {
            return switch (outcome) {
                case CommandOutcome.Accepted accepted -> CommandReply.accepted(command.aggregateType(),
                        command.aggregateId(), accepted.version(), List.of(), PARTITION, log.next());
                case CommandOutcome.Rejected rejected -> CommandReply.refused(Outcome.REJECTED, rejected.reason(),
                        rejected.message(), command.aggregateType(), command.aggregateId(), rejected.version(),
                        PARTITION, log.next());
                case CommandOutcome.VersionConflict conflict -> CommandReply.refused(Outcome.VERSION_CONFLICT,
                        "VERSION_CONFLICT", conflict.message(), command.aggregateType(), command.aggregateId(),
                        conflict.version(), PARTITION, log.next());
            };
        }
    }

    /** Bean Validation as the gateway checks commands, without an expression language. */
    private static ReactionContext.CommandValidator validator() {
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
        return command -> validator.validate(command).stream()
                .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
