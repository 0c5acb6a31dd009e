package dev.annals.command.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.command.wire.KafkaHeaderMaps;
import dev.annals.core.AggregateType;
import dev.annals.core.DomainRejection;
import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.CommandCodec;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.CommandHeaders;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.envelope.EventHeaders;
import dev.annals.core.reply.CommandReply;
import dev.annals.core.reply.Outcome;
import dev.annals.core.reply.RecordedEvent;
import dev.annals.core.topic.Topics;
import dev.annals.telemetry.SpanAttributes;
import dev.annals.telemetry.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides one command of one aggregate type: checks the idempotency window and the expected version, loads the
 * aggregate's snapshot, runs {@code decide}, folds the events with {@code evolve}, and forwards the events and the
 * reply while putting the new snapshot and the remembered answer. Kafka Streams commits all of it in one
 * transaction ({@code exactly_once_v2}), together with the command's offset.
 *
 * <p>Commands of one partition arrive one at a time in offset order and a partition has one owner, so each
 * aggregate has a single writer: no locks, no lost updates.
 *
 * <p>No command may stop its partition. Everything a command writes is encoded and measured before the first
 * record is forwarded, and any failure up to then — the domain's, or a record over a limit — is an answer that
 * writes nothing. A record Kafka refuses later fails the transaction; {@link FailedWrites} remembers the command,
 * and its next attempt is answered as failed.
 *
 * <p>Each command is a span, {@code process annals.<type>.commands}, continuing the trace its record carries; each
 * event a span under it, {@code publish annals.<type>.events}, whose context the event carries on (its CloudEvents
 * {@code traceparent}), so that every consumer's handling of it joins the same trace.
 */
final class CommandHandler<C, E, S> implements Processor<String, byte[], String, byte[]> {

    static final String ERROR_HEADER = "annals_error";
    /** Where a dead letter was read: {@code <topic>-<partition>@<offset>}. */
    static final String SOURCE_HEADER = "annals_source";
    static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = Logger.getLogger(CommandHandler.class);

    private final AggregateType<C, E, S> type;
    private final ObjectMapper json;
    private final ProcessorLimits limits;
    private final FailedWrites failedWrites;
    private final TopologyNames.Sinks sinks;
    private final ReplyTopics replyTopics;
    private final Tracer tracer;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> aggregates;
    private IdempotencyWindow window;

    CommandHandler(AggregateType<C, E, S> type, ObjectMapper json, ProcessorLimits limits, FailedWrites failedWrites,
                   TopologyNames.Sinks sinks, ReplyTopics replyTopics, Tracer tracer) {
        this.type = type;
        this.tracer = tracer;
        this.json = json;
        this.limits = limits;
        this.failedWrites = failedWrites;
        this.sinks = sinks;
        this.replyTopics = replyTopics;
    }

    /**
     * What one command leaves behind, all encoded: nothing is forwarded until every part of it is. Each event has
     * its span, ended once the event is forwarded: the span of an event that is not written after all (a limit
     * refuses the command) is never ended, and so never exported.
     */
    private record Decision(CommandReply reply, byte[] encodedReply, List<Record<String, byte[]>> events,
                            List<Span> eventSpans, byte[] snapshot, Remembered remembered) {

        /** An answer that writes nothing else; it is encoded when it is sent. */
        static Decision answer(CommandReply reply) {
            return new Decision(reply, null, List.of(), List.of(), null, null);
        }

        Decision remembering(Remembered answer) {
            return new Decision(reply, encodedReply, events, eventSpans, snapshot, answer);
        }
    }

    /** The answer to keep in the window, encoded, and the time it was given, which its expiry is indexed by. */
    private record Remembered(byte[] encoded, long answeredAt) {
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.aggregates = context.getStateStore(Topics.aggregateStore(type.name()));
        KeyValueStore<String, byte[]> outcomes = context.getStateStore(Topics.outcomeStore(type.name()));
        KeyValueStore<Bytes, byte[]> expiry = context.getStateStore(Topics.outcomeExpiryStore(type.name()));
        this.window = new IdempotencyWindow(outcomes, expiry, json, limits);
        context.schedule(IdempotencyWindow.expiryInterval(limits.idempotencyWindow()),
                PunctuationType.WALL_CLOCK_TIME, window::expire);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        CommandEnvelope command;
        try {
            command = CommandCodec.decode(type.name(), record.key(), KafkaHeaderMaps.toMap(record.headers()),
                    record.value());
        } catch (IllegalArgumentException e) {
            deadLetter(record, source, e.getMessage());
            return;
        }
        Span span = processing(command, source);
        try (Scope ignored = span.makeCurrent()) {
            Decision decision = decideSafely(command, source);
            span.setAttribute(SpanAttributes.OUTCOME, decision.reply().outcome().name());
            if (decision.reply().outcome() == Outcome.FAILED) {
                span.setStatus(StatusCode.ERROR, decision.reply().reason());
            }
            // Outside decideSafely's try: an exception from here on is Kafka Streams' own (an earlier send failed),
            // and must reach it so that it aborts the transaction.
            for (int i = 0; i < decision.events().size(); i++) {
                context.forward(decision.events().get(i), sinks.events());
                decision.eventSpans().get(i).end();
            }
            if (decision.snapshot() != null) {
                aggregates.put(command.aggregateId(), decision.snapshot());
            }
            if (decision.remembered() != null) {
                window.remember(command.aggregateId(), command.principal(), command.idempotencyKey().orElseThrow(),
                        decision.remembered().answeredAt(), decision.remembered().encoded());
            }
            byte[] reply = decision.encodedReply() != null ? decision.encodedReply() : write(decision.reply());
            context.forward(new Record<>(command.commandId(), reply, record.timestamp(), replyHeaders(command)),
                    sinks.replies());
        } finally {
            span.end();
        }
    }

    /** The command's span, in the trace of whoever sent it (the gateway's request, a reactor's event). */
    private Span processing(CommandEnvelope command, RecordMetadata source) {
        return Traces.kafkaSpan(tracer, "process " + source.topic(), SpanKind.CONSUMER, source.topic(), "process")
                .setParent(Traces.parentOf(command.trace()))
                .setAttribute(SpanAttributes.MESSAGING_PARTITION, (long) source.partition())
                .setAttribute(SpanAttributes.MESSAGING_OFFSET, source.offset())
                .setAttribute(SpanAttributes.AGGREGATE_TYPE, type.name())
                .setAttribute(SpanAttributes.AGGREGATE_ID, command.aggregateId())
                .setAttribute(SpanAttributes.COMMAND, command.commandName())
                .setAttribute(SpanAttributes.COMMAND_ID, command.commandId())
                .startSpan();
    }

    /**
     * Without a valid command id nobody waits for an answer; the record goes where people can see it. If Kafka
     * refused that copy before (the record is too large to be written again with an error header), the dead letter
     * carries the headers and the error without the value, and the log says where the original is.
     */
    private void deadLetter(Record<String, byte[]> record, RecordMetadata source, String error) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(ERROR_HEADER, String.valueOf(error).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_HEADER, (source.topic() + "-" + source.partition() + "@" + source.offset())
                .getBytes(StandardCharsets.UTF_8));
        int bytes = utf8Length(record.key()) + (record.value() == null ? 0 : record.value().length);
        Optional<FailedWrites.Refused> refused = failedWrites.refusal(Topics.deadLetter(
                CommandTopology.DEAD_LETTER_CONSUMER), bytes);
        if (refused.isPresent()) {
            LOG.errorf("command record %s-%d@%d is unreadable (%s), and Kafka refused a dead letter as large (%s); "
                            + "its dead letter in %s has no value: read it from the commands topic", source.topic(),
                    source.partition(), source.offset(), error, refused.get().reason(), sinks.deadLetters());
            context.forward(new Record<>(record.key(), (byte[]) null, record.timestamp(), headers),
                    sinks.deadLetters());
            return;
        }
        LOG.warnf("command record %s-%d@%d is unreadable, sent to %s: %s", source.topic(), source.partition(),
                source.offset(), sinks.deadLetters(), error);
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), sinks.deadLetters());
    }

    /** The decision, or — whatever went wrong — an answer that the command failed and wrote nothing. */
    private Decision decideSafely(CommandEnvelope command, RecordMetadata source) {
        try {
            Optional<String> failedBefore = failedWrites.take(command.commandId());
            if (failedBefore.isPresent()) {
                LOG.errorf("%s: the records of command %s could not be written (%s); answered as failed",
                        type.name(), command, failedBefore.get());
                return Decision.answer(refuse(Outcome.FAILED, "WRITE_FAILED", "Kafka refused what this command "
                        + "wrote (" + failedBefore.get() + "); nothing was written", command, currentVersion(command),
                        source));
            }
            return decide(command, source);
        } catch (RuntimeException | StackOverflowError | LinkageError bug) {
            // A bug in the domain (decide or evolve throwing, an event or state Jackson cannot write, a class that
            // cannot load) or an unreadable stored value must not stop the partition.
            LOG.errorf(bug, "%s failed on command %s; nothing was written", type, command);
            return Decision.answer(refuse(Outcome.FAILED, "DECIDER_FAILED", "the domain failed on this command: "
                    + bug, command, -1, source));
        }
    }

    private Decision decide(CommandEnvelope command, RecordMetadata source) {
        long now = context.currentSystemTimeMs();
        String fingerprint = fingerprint(command);
        Optional<String> key = command.idempotencyKey();
        if (key.isPresent()) {
            Optional<RememberedOutcome> first = window.find(command.aggregateId(), command.principal(), key.get(), now);
            if (first.isPresent()) {
                return Decision.answer(first.get().fingerprint().equals(fingerprint) ? first.get().reply()
                        : refuse(Outcome.IDEMPOTENCY_KEY_REUSED, "IDEMPOTENCY_KEY_REUSED", "idempotency key "
                        + key.get() + " was first used for another request", command, currentVersion(command),
                        source));
            }
        }
        AggregateSnapshot snapshot = load(command.aggregateId());
        Decision decision = decideOnState(command, snapshot, source);
        if (key.isEmpty() || !remembers(decision.reply())) {
            return decision;
        }
        byte[] remembered = window.encode(new RememberedOutcome(fingerprint, now, decision.reply()));
        switch (window.admits(command.aggregateId(), command.principal(), key.get(), remembered)) {
            case ADMITTED -> { }
            case CALLER_SHARE_FULL -> {
                return Decision.answer(refuse(Outcome.UNAVAILABLE, CommandReply.IDEMPOTENCY_SHARE_FULL, "the answers to your "
                        + "commands with an Idempotency-Key fill your share of this partition's window ("
                        + window.shareOf(command.principal()) + " bytes, annals.processor.idempotency-caller-share);"
                        + " nothing was written: retry once your older ones have left the window ("
                        + limits.idempotencyWindow().toHours() + " h after each), or send it without a key",
                        command, snapshot.version(), source));
            }
            case WINDOW_FULL -> {
                return Decision.answer(refuse(Outcome.UNAVAILABLE, "IDEMPOTENCY_WINDOW_FULL", "this partition "
                        + "remembers as many answers to keyed commands as it may (annals.processor."
                        + "idempotency-max-bytes, idempotency-max-keys); nothing was written: retry once older ones"
                        + " have expired", command, snapshot.version(), source));
            }
        }
        Optional<CommandReply> refused = refusedBefore(Topics.outcomeStore(type.name()),
                IdempotencyWindow.key(command.aggregateId(), command.principal(), key.get()), command, snapshot.version(), remembered,
                source);
        if (refused.isPresent()) {
            return Decision.answer(refused.get());
        }
        return decision.remembering(new Remembered(remembered, now));
    }

    /**
     * The answers a retry gets again. A refusal is one (a withdrawal refused for want of funds stays refused when
     * retried after a deposit); a failure of the processor (a bug, a record Kafka refused) or a command it cannot
     * read (a newer gateway's) is not: nothing was decided, and the retry is decided anew. Nor is a refusal that
     * wrote nothing to an aggregate that does not exist: anyone may send those, as many as they like, and they
     * would fill the window for nothing — its retry is refused again, unless the aggregate was made meanwhile, when
     * it is applied once. A refusal answered as if the aggregate did not exist (version 0) is such a refusal to
     * whoever got it, and one that tells no version ({@code ALREADY_EXISTS}) tells nothing worth keeping.
     */
    private static boolean remembers(CommandReply reply) {
        return switch (reply.outcome()) {
            case ACCEPTED -> true;
            case REJECTED, VERSION_CONFLICT -> reply.version() > 0;
            case IDEMPOTENCY_KEY_REUSED, MALFORMED, FAILED, UNAVAILABLE -> false;
        };
    }

    private Decision decideOnState(CommandEnvelope command, AggregateSnapshot snapshot, RecordMetadata source) {
        long version = snapshot.version();
        Optional<Class<? extends C>> commandClass = type.commandClass(command.commandName());
        if (commandClass.isEmpty()) {
            return Decision.answer(refuse(Outcome.MALFORMED, "UNKNOWN_COMMAND", type.name() + " has no command "
                    + command.commandName(), command, version, source));
        }
        C decoded;
        S state;
        try {
            decoded = json.readValue(command.payload(), commandClass.get());
            state = json.treeToValue(snapshot.state(), type.stateType());
        } catch (IOException | IllegalArgumentException e) {
            return Decision.answer(refuse(Outcome.MALFORMED, "MALFORMED_COMMAND", "cannot read the command or the "
                    + "aggregate: " + e.getMessage(), command, version, source));
        }
        if (type.creates(command.commandName()) && version > 0) {
            // that an id is taken is told (a caller who names what she creates must learn it), not how far its
            // aggregate is: whoever tries the id again and again would watch it change. Whatever the If-Match.
            return Decision.answer(CommandReply.refused(Outcome.REJECTED, "ALREADY_EXISTS", type.name() + " "
                    + command.aggregateId() + " already exists; " + command.commandName() + " only creates one",
                    type.name(), command.aggregateId(), CommandReply.NO_VERSION, source.partition(), source.offset()));
        }
        // decided before the precondition is checked: a caller the domain answers as if the aggregate did not
        // exist must get a missing one's answer to her If-Match too, or its version would tell
        List<E> events;
        try {
            events = type.decider().decide(decoded, state);
        } catch (DomainRejection rejection) {
            if (rejection.conceals()) {
                return asIfMissing(decoded, rejection, command, source);
            }
            if (!expectedVersionHolds(command, version)) {
                return Decision.answer(versionConflict(command, version, source));
            }
            if (rejection.recorded().isEmpty()) {
                return Decision.answer(refuse(Outcome.REJECTED, rejection.reason(), rejection.getMessage(), command,
                        version, source));
            }
            // a refusal that leaves a trace (a wrong code, counted): its events are written as a decision's are
            List<E> recorded = recordedEvents(rejection);
            return accept(command, snapshot, recorded, type.decider().fold(state, recorded), source,
                    Optional.of(rejection));
        }
        if (!expectedVersionHolds(command, version)) {
            return Decision.answer(versionConflict(command, version, source));
        }
        return accept(command, snapshot, events, type.decider().fold(state, events), source, Optional.empty());
    }

    private static boolean expectedVersionHolds(CommandEnvelope command, long version) {
        return command.expectedVersion().isEmpty() || command.expectedVersion().getAsLong() == version;
    }

    private CommandReply versionConflict(CommandEnvelope command, long version, RecordMetadata source) {
        return refuse(Outcome.VERSION_CONFLICT, "VERSION_CONFLICT", "expected version "
                + command.expectedVersion().getAsLong() + " but the aggregate is at version " + version, command,
                version, source);
    }

    /**
     * The answer the command would get if the aggregate did not exist, word for word: the same precondition failed
     * (an {@code If-Match} other than 0), or the same command refused on the initial state — and, with version 0,
     * not remembered ({@link #remembers}), so that no retry, key reuse or full window share answers otherwise. A
     * decider that would accept it on the initial state (or record a trace there) is answered with its concealing
     * refusal instead: nothing is ever written for a caller it conceals the aggregate from.
     */
    private Decision asIfMissing(C decoded, DomainRejection concealing, CommandEnvelope command,
                                 RecordMetadata source) {
        if (!expectedVersionHolds(command, 0)) {
            return Decision.answer(versionConflict(command, 0, source));
        }
        DomainRejection answer = concealing;
        try {
            type.decider().decide(decoded, type.decider().initialState());
        } catch (DomainRejection missing) {
            answer = missing.recorded().isEmpty() ? missing : concealing;
        }
        return Decision.answer(refuse(Outcome.REJECTED, answer.reason(), answer.getMessage(), command, 0, source));
    }

    /** The events a rejection records; one that is not an event of this type is the domain's bug. */
    private List<E> recordedEvents(DomainRejection rejection) {
        List<E> recorded = new ArrayList<>(rejection.recorded().size());
        for (Object event : rejection.recorded()) {
            if (!type.eventType().isInstance(event)) {
                throw new IllegalStateException(rejection.reason() + " records " + event + ", which is not an event"
                        + " of " + type.name());
            }
            recorded.add(type.eventType().cast(event));
        }
        return recorded;
    }

    /**
     * The command's events, encoded with the new snapshot and the answer: an acceptance, or — with
     * {@code rejection} — a rejection that records them.
     */
    private Decision accept(CommandEnvelope command, AggregateSnapshot snapshot, List<E> events, S newState,
                            RecordMetadata source, Optional<DomainRejection> rejection) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        List<Record<String, byte[]>> records = new ArrayList<>(events.size());
        List<Span> spans = new ArrayList<>(events.size());
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        long version = snapshot.version();
        String topic = Topics.events(type.name());
        // the answer shows the owner-only parts of its events (a food order's delivery code) to the owner alone:
        // support placing an order for a customer does not learn her code; the events in the log keep them
        boolean toTheOwner = type.ownerOnlyFields().isEmpty()
                || type.ownerOf(newState).filter(command.principal()::equals).isPresent();
        for (int index = 1; index <= events.size(); index++) {
            E event = events.get(index - 1);
            version++;
            String eventName = type.eventName(event);
            String eventId = UUID.randomUUID().toString();
            Span published = Traces.kafkaSpan(tracer, "publish " + topic, SpanKind.PRODUCER, topic, "send")
                    .setAttribute(SpanAttributes.MESSAGE_ID, eventId)
                    .setAttribute(SpanAttributes.EVENT_TYPE, eventName)
                    .setAttribute(SpanAttributes.AGGREGATE_VERSION, version)
                    .startSpan();
            spans.add(published);
            EventEnvelope envelope = new EventEnvelope(eventId, type.name(),
                    command.aggregateId(), version, eventName, now, command.commandId(), source.offset(),
                    new EventEnvelope.CommandEvent(index, events.size()), command.correlationId(),
                    Optional.of(command.principal()), SCHEMA_VERSION,
                    write(event), Traces.of(published));
            EncodedRecord encoded = CloudEventCodec.encode(envelope);
            records.add(new Record<>(command.aggregateId(), encoded.value(), now.toEpochMilli(),
                    KafkaHeaderMaps.toKafka(encoded.headers())));
            JsonNode data = json.valueToTree(event);
            if (!toTheOwner && data instanceof ObjectNode object) {
                object.remove(type.ownerOnlyFields());
            }
            recorded.add(new RecordedEvent(eventName, version, data));
        }
        CommandReply reply = rejection.isPresent()
                ? CommandReply.rejectedRecording(rejection.get().reason(), rejection.get().getMessage(), type.name(),
                        command.aggregateId(), version, recorded, source.partition(), source.offset())
                : CommandReply.accepted(type.name(), command.aggregateId(), version, recorded, source.partition(),
                        source.offset());
        byte[] encodedReply = write(reply);
        if (encodedReply.length > limits.maxEventsBytes()) {
            return Decision.answer(refuse(Outcome.REJECTED, "EVENTS_TOO_LARGE", "the command's " + events.size()
                    + " events come to " + encodedReply.length + " bytes, more than annals.processor.max-events-size"
                    + " (" + limits.maxEventsBytes() + "); nothing was written", command, snapshot.version(), source));
        }
        if (events.isEmpty()) {
            return new Decision(reply, encodedReply, List.of(), List.of(), null, null);
        }
        byte[] next = write(new AggregateSnapshot(version, json.valueToTree(newState)));
        if (next.length > limits.maxAggregateBytes()) {
            return Decision.answer(refuse(Outcome.REJECTED, "AGGREGATE_TOO_LARGE", type.name() + " "
                    + command.aggregateId() + " would grow to " + next.length + " bytes, more than "
                    + "annals.processor.max-aggregate-size (" + limits.maxAggregateBytes() + "); nothing was written",
                    command, snapshot.version(), source));
        }
        Optional<CommandReply> refused = refusedBefore(Topics.aggregateStore(type.name()), command.aggregateId(),
                command, snapshot.version(), next, source);
        return refused.map(Decision::answer)
                .orElseGet(() -> new Decision(reply, encodedReply, records, spans, next, null));
    }

    /**
     * A failed answer if Kafka refused a record as large as this one in the store's changelog before: the size is
     * what failed, so writing it again would only fail the transaction again.
     */
    private Optional<CommandReply> refusedBefore(String store, String key, CommandEnvelope command, long version,
                                                 byte[] value, RecordMetadata source) {
        String changelog = Topics.changelog(context.applicationId(), store);
        int bytes = utf8Length(key) + value.length;
        return failedWrites.refusal(changelog, bytes).map(refused -> refuse(Outcome.FAILED, "WRITE_FAILED",
                "Kafka refused a record of " + refused.bytes() + " bytes in " + changelog + " (" + refused.reason()
                        + "); this command would write " + bytes + " there. Nothing was written: is the topic's "
                        + "max.message.bytes below annals.processor.max-aggregate-size and max-events-size?",
                command, version, source));
    }

    private static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private AggregateSnapshot load(String aggregateId) {
        byte[] stored = aggregates.get(aggregateId);
        if (stored == null) {
            return new AggregateSnapshot(0, json.valueToTree(type.decider().initialState()));
        }
        try {
            return json.readValue(stored, AggregateSnapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshot of " + type.name() + " " + aggregateId, e);
        }
    }

    /** The aggregate's version for a refusal's answer, or -1 when even its snapshot cannot be read. */
    private long currentVersion(CommandEnvelope command) {
        try {
            return load(command.aggregateId()).version();
        } catch (RuntimeException unreadable) {
            return -1;
        }
    }

    private CommandReply refuse(Outcome outcome, String reason, String message, CommandEnvelope command,
                                long version, RecordMetadata source) {
        return CommandReply.refused(outcome, reason, message, type.name(), command.aggregateId(),
                version < 0 ? currentVersion(command) : version, source.partition(), source.offset());
    }

    /**
     * What the client asked: the command name, its precondition and a hash of the body it sent. Server-generated
     * components (a drawn code, a timestamp) are left out, since a retry draws them anew and must still match its
     * first attempt.
     */
    private String fingerprint(CommandEnvelope command) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(command.commandName().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            if (command.expectedVersion().isPresent()) {
                sha256.update(Long.toString(command.expectedVersion().getAsLong()).getBytes(StandardCharsets.UTF_8));
            }
            sha256.update((byte) 0);
            sha256.update(clientPart(command));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private byte[] clientPart(CommandEnvelope command) {
        Set<String> generated = type.serverGenerated(command.commandName());
        if (generated.isEmpty()) {
            return command.payload();
        }
        try {
            JsonNode payload = json.readTree(command.payload());
            if (payload instanceof ObjectNode object) {
                object.remove(generated);
                return json.writeValueAsBytes(object);
            }
        } catch (IOException unreadable) {
            // decoding reports it as MALFORMED_COMMAND; the raw bytes are as good a fingerprint as any
        }
        return command.payload();
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** The reply's headers; with {@link CommandHeaders#REPLY_TO} if it goes to a consumer service's topic. */
    private Headers replyHeaders(CommandEnvelope command) {
        Headers headers = new RecordHeaders().add(EventHeaders.CONTENT_TYPE,
                EventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
        command.replyTo().ifPresent(topic -> {
            if (replyTopics.exists(topic)) {
                headers.add(CommandHeaders.REPLY_TO, topic.getBytes(StandardCharsets.UTF_8));
            } else {
                LOG.warnf("%s asks to be answered on %s, which this processor does not know (yet): answered on %s",
                        command, topic, Topics.COMMAND_REPLIES);
            }
        });
        return headers;
    }

    /** Where a reply record goes: the service's topic its header names, else the shared reply topic. */
    static String replyTopic(Headers headers) {
        Header replyTo = headers.lastHeader(CommandHeaders.REPLY_TO);
        return replyTo == null ? Topics.COMMAND_REPLIES : new String(replyTo.value(), StandardCharsets.UTF_8);
    }
}
