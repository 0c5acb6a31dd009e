package dev.annals.consumer.runtime;

import dev.annals.consumer.Deadline;
import dev.annals.consumer.LogPosition;
import dev.annals.consumer.Projection;
import dev.annals.consumer.Reactor;
import dev.annals.consumer.ReactorHandlers;
import dev.annals.consumer.Sql;
import dev.annals.consumer.runtime.loop.EntryHandler;
import dev.annals.consumer.runtime.loop.VersionOrder;
import dev.annals.consumer.runtime.reactor.CommandBus;
import dev.annals.consumer.runtime.reactor.Deadlines;
import dev.annals.consumer.runtime.reactor.ReactionContext;
import dev.annals.core.AggregateType;
import dev.annals.core.TypeName;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.envelope.TraceContext;
import dev.annals.core.topic.Topics;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A consumer — a projection or a reactor — with everything derived from its name: the aggregate types it reads,
 * its topics, consumer group, checkpoint names and schemas.
 *
 * @param source     the bean it was made from: two beans of one name are refused
 * @param types      the aggregate types it reads: those its handlers name, or every type of the service
 * @param migrations Flyway location of its tables
 * @param handlers   its handler for each decoded event
 * @param reacting   a reactor's deadline handlers and what its reactions share; empty for a projection
 */
public record ConsumerPlan(String name, Kind kind, Object source, Map<String, AggregateType<?, ?, ?>> types,
                             String migrations, HandlerLookup handlers, Optional<Reacting> reacting) {

    /** A projection feeds a read model and may be rebuilt; a reactor has effects outside it and never replays. */
    public enum Kind { PROJECTION, REACTOR }

    /** What a reactor has beyond a projection: its deadline handlers, and what its reactions share. */
    public record Reacting(ReactorHandlers handlers, ReactionContext.Reactor shared) {
    }

    /** A consumer's handler for one decoded event, if it has one. */
    @FunctionalInterface
    public interface HandlerLookup {
        Optional<EntryHandler> handlerFor(AggregateType<?, ?, ?> type, Object event);
    }

    /** A name ending like this would publish its views in another projection's generation schema. */
    private static final Pattern GENERATION_SUFFIX = Pattern.compile(".*-g[0-9]+");
    private static final List<String> RESERVED_SCHEMAS = List.of("public", "information_schema");

    public ConsumerPlan {
        requireUsableName(name);
        types = Map.copyOf(types);
    }

    /**
     * A consumer's name becomes schemas: {@code x} publishes in {@code x} and keeps generation n in {@code x_gn}.
     * A name ending in {@code -g<n>} would publish where another projection keeps a generation ({@code x-g2} in
     * {@code x_g2}, which {@code x} drops as a leftover once it is at another generation), and a name that is a
     * schema PostgreSQL keeps for itself would have its views dropped and recreated there. Both are refused.
     */
    static void requireUsableName(String name) {
        TypeName.require(name, "a projection name");
        if (GENERATION_SUFFIX.matcher(name).matches()) {
            throw new IllegalArgumentException("projection " + name + " ends like a generation (-g<n>): its schema "
                    + schemaOf(name) + " is where projection " + name.substring(0, name.lastIndexOf("-g"))
                    + " keeps one; choose another name");
        }
        String schema = schemaOf(name);
        if (RESERVED_SCHEMAS.contains(schema) || schema.startsWith("pg_")) {
            throw new IllegalArgumentException("projection " + name + " would publish into schema " + schema
                    + ", which PostgreSQL keeps for itself; choose another name");
        }
    }

    /** The plan of a projection of a service that knows {@code serviceTypes}. */
    public static ConsumerPlan of(Projection projection, Map<String, AggregateType<?, ?, ?>> serviceTypes) {
        var handlers = projection.handlers();
        HandlerLookup lookup = (type, event) -> handlers.handlerFor(type, event).map(bound ->
                (t, decoded, envelope, position, sql, trace) -> bound.apply(decoded, envelope, position, sql));
        return new ConsumerPlan(projection.name(), Kind.PROJECTION, projection,
                handlers.claimsEveryType() ? serviceTypes : handlers.types(), projection.migrations(), lookup,
                Optional.empty());
    }

    /** The plan of a reactor whose reactions send through {@code bus}. */
    public static ConsumerPlan of(Reactor reactor, CommandBus bus, ReactionContext.CommandValidator validator,
                                    Clock clock) {
        ReactorHandlers handlers = reactor.handlers();
        ReactionContext.Reactor shared = new ReactionContext.Reactor(reactor.name(), bus,
                handlers.deadlineNames(), validator, clock);
        HandlerLookup lookup = (type, event) -> handlers.handlerFor(type, event).map(bound ->
                (t, decoded, envelope, position, sql, trace) -> bound.apply(decoded, envelope,
                        ReactionContext.forEvent(shared, envelope, position.topic(), position.partition(), sql,
                                trace)));
        return new ConsumerPlan(reactor.name(), Kind.REACTOR, reactor, handlers.types(), reactor.migrations(),
                lookup, Optional.of(new Reacting(handlers, shared)));
    }

    /**
     * One decoded event through this consumer, in the transaction of {@code sql}: the version rule (see {@link
     * VersionOrder}), then its handler if it has one. The test fixtures apply their given events so.
     */
    public Uni<Void> apply(AggregateType<?, ?, ?> type, Object event, EventEnvelope envelope, LogPosition position,
                           Sql sql) {
        return apply(type, event, envelope, position, sql, Optional.empty());
    }

    /**
     * The same, as the runner applies every event of a batch: handled in the span {@code trace}, which the
     * commands a reactor sends for it continue.
     */
    public Uni<Void> apply(AggregateType<?, ?, ?> type, Object event, EventEnvelope envelope, LogPosition position,
                           Sql sql, Optional<TraceContext> trace) {
        VersionOrder.advance(sql, envelope);
        Optional<EntryHandler> handler = handlers.handlerFor(type, event);
        if (handler.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (kind == Kind.PROJECTION) {
            // its writes stay in the transaction, so its check may go with the commit
            return handler.get().apply(type, event, envelope, position, sql, trace);
        }
        // A reactor's effects leave the transaction: the rule is checked first, or a copy of an event under another
        // id would send its commands again with other keys. Its handler gets a reaction's Sql, as the runtime gives
        // it (Reactions): statements queued until its effects are done, no update, queries read what is there.
        Sql queued = Sql.deferred(sql::query);
        return sql.flush().chain(() -> handler.get().apply(type, event, envelope, position, queued, trace))
                .invoke(() -> queued.moveTo(sql));
    }

    /**
     * A reactor's deadline that came due, in the transaction of {@code sql}: its handler, with keys derived from
     * the deadline, then the deadline is gone (unless the handler scheduled it again, for another time). A
     * deadline without a handler (one the reactor no longer has) fails, and stays. The reactor fixture fires
     * deadlines so.
     */
    public Uni<Void> fire(Deadline deadline, String topic, int partition, Sql sql) {
        return fire(deadline, topic, partition, null, sql, Optional.empty());
    }

    /** The same, as the runner fires a deadline: in the span {@code trace}, which its commands continue. */
    public Uni<Void> fire(Deadline deadline, String topic, int partition, String aggregate, Sql sql,
                          Optional<TraceContext> trace) {
        Reacting reactor = reacting.orElseThrow(() -> new IllegalStateException(name + " is not a reactor"));
        // a deadline's handler, as an event's, gets a reaction's Sql (queued until its effects are done)
        Sql queued = sql.isDeferred() ? sql : Sql.deferred(sql::query);
        return reactor.handlers().deadlineHandler(deadline.name())
                .map(handler -> Uni.createFrom().deferred(() -> handler.apply(deadline,
                                ReactionContext.forDeadline(reactor.shared(), deadline, topic, partition, aggregate,
                                        queued, trace)))
                        .invoke(() -> {
                            Deadlines.fired(queued, deadline);
                            if (queued != sql) {
                                queued.moveTo(sql);
                            }
                        }))
                .orElseGet(() -> Uni.createFrom().failure(new IllegalStateException("reactor " + name
                        + " has no handler for deadline " + deadline.name())));
    }

    public boolean isRebuildable() {
        return kind == Kind.PROJECTION;
    }

    /** The events topics, sorted. */
    public List<String> topics() {
        return types.keySet().stream().sorted().map(Topics::events).toList();
    }

    /** Subscribing by pattern picks a topic up when it is created after the consumer started. */
    public Pattern topicPattern() {
        return Pattern.compile(topics().stream().map(Pattern::quote).collect(Collectors.joining("|")));
    }

    public String consumerGroup() {
        return kind == Kind.PROJECTION ? Topics.consumerGroup(name) : Topics.reactorGroup(name);
    }

    public String deadLetterTopic() {
        return Topics.deadLetter(name);
    }

    /** Where readers find the read model: {@code bank-accounts} → {@code bank_accounts}. */
    public String publishedSchema() {
        return schemaOf(name);
    }

    /** Where generation {@code n} of the tables lives: {@code bank_accounts_g1}. */
    public String generationSchema(int generation) {
        return generationPrefix() + generation;
    }

    public String generationPrefix() {
        return publishedSchema() + "_g";
    }

    /** The checkpoint name of a rebuild into {@code generation}; the live consumer's is {@link #name()}. */
    public String rebuildConsumer(int generation) {
        return name + "@g" + generation;
    }

    public static String schemaOf(String projectionName) {
        return projectionName.replace('-', '_');
    }
}
