package dev.annals.command.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.command.processor.AggregateSnapshot.RememberedOutcome;
import dev.annals.command.reply.CommandReply;
import dev.annals.command.reply.Outcome;
import dev.annals.command.reply.RecordedEvent;
import dev.annals.command.wire.KafkaHeaderMaps;
import dev.annals.core.AggregateType;
import dev.annals.core.DomainRejection;
import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.CommandCodec;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.envelope.EventHeaders;
import dev.annals.core.topic.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.io.IOException;
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
 * Decides one command of one aggregate type: loads the aggregate's snapshot from the store, checks the
 * idempotency key and the expected version, runs {@code decide}, folds the events with {@code evolve}, and
 * forwards the events and the reply while putting the new snapshot. Kafka Streams commits all three in one
 * transaction ({@code exactly_once_v2}), together with the command's offset.
 *
 * <p>Commands of one partition arrive one at a time in offset order and a partition has one owner, so each
 * aggregate has a single writer: no locks, no lost updates.
 */
final class CommandHandler<C, E, S> implements Processor<String, byte[], String, byte[]> {

    static final String ERROR_HEADER = "annals_error";
    static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = Logger.getLogger(CommandHandler.class);

    private final AggregateType<C, E, S> type;
    private final ObjectMapper json;
    private final int rememberedOutcomes;
    private final TopologyNames.Sinks sinks;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, AggregateSnapshot> store;

    CommandHandler(AggregateType<C, E, S> type, ObjectMapper json, int rememberedOutcomes, TopologyNames.Sinks sinks) {
        this.type = type;
        this.json = json;
        this.rememberedOutcomes = rememberedOutcomes;
        this.sinks = sinks;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(Topics.aggregateStore(type.name()));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        CommandEnvelope command;
        try {
            command = CommandCodec.decode(type.name(), record.key(), KafkaHeaderMaps.toMap(record.headers()),
                    record.value());
        } catch (IllegalArgumentException e) {
            // Without a valid command id nobody waits for an answer; keep the record where people can see it.
            LOG.warnf("command record %s-%d@%d is unreadable, sent to %s: %s", source.topic(), source.partition(),
                    source.offset(), sinks.deadLetters(), e.getMessage());
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.add(ERROR_HEADER, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers),
                    sinks.deadLetters());
            return;
        }
        CommandReply reply = decide(command, source.partition(), source.offset());
        context.forward(new Record<>(command.commandId(), write(reply), record.timestamp(), replyHeaders()),
                sinks.replies());
    }

    private CommandReply decide(CommandEnvelope command, int partition, long offset) {
        AggregateSnapshot snapshot = Optional.ofNullable(store.get(command.aggregateId()))
                .orElseGet(() -> new AggregateSnapshot(0, json.valueToTree(type.decider().initialState()), List.of()));
        String fingerprint = fingerprint(command);
        if (command.idempotencyKey().isPresent()) {
            Optional<RememberedOutcome> first = snapshot.outcomeFor(command.idempotencyKey().get());
            if (first.isPresent()) {
                return first.get().fingerprint().equals(fingerprint) ? first.get().reply()
                        : refuse(Outcome.IDEMPOTENCY_KEY_REUSED, "IDEMPOTENCY_KEY_REUSED",
                        "idempotency key " + command.idempotencyKey().get() + " was first used for another command",
                        command, snapshot, partition, offset);
            }
        }
        if (command.expectedVersion().isPresent() && command.expectedVersion().getAsLong() != snapshot.version()) {
            return refuse(Outcome.VERSION_CONFLICT, "VERSION_CONFLICT", "expected version "
                    + command.expectedVersion().getAsLong() + " but the aggregate is at version " + snapshot.version(),
                    command, snapshot, partition, offset);
        }
        // after If-Match: a client's precondition is answered as such (VERSION_CONFLICT) before the domain's rule
        if (type.creates(command.commandName()) && snapshot.version() > 0) {
            return refuse(Outcome.REJECTED, "ALREADY_EXISTS", type.name() + " " + command.aggregateId()
                    + " already exists (version " + snapshot.version() + "); " + command.commandName()
                    + " only creates one", command, snapshot, partition, offset);
        }
        Optional<Class<? extends C>> commandClass = type.commandClass(command.commandName());
        if (commandClass.isEmpty()) {
            return refuse(Outcome.MALFORMED, "UNKNOWN_COMMAND", type.name() + " has no command "
                    + command.commandName(), command, snapshot, partition, offset);
        }
        C decoded;
        S state;
        try {
            decoded = json.readValue(command.payload(), commandClass.get());
            state = json.treeToValue(snapshot.state(), type.stateType());
        } catch (IOException | IllegalArgumentException e) {
            return refuse(Outcome.MALFORMED, "MALFORMED_COMMAND", "cannot read the command or the aggregate: "
                    + e.getMessage(), command, snapshot, partition, offset);
        }
        List<E> events;
        S newState;
        try {
            events = type.decider().decide(decoded, state);
            newState = type.decider().fold(state, events);
        } catch (DomainRejection rejection) {
            return refuse(Outcome.REJECTED, rejection.reason(), rejection.getMessage(), command, snapshot, partition,
                    offset);
        } catch (RuntimeException bug) {
            return failed(bug, command, snapshot, partition, offset);
        }
        try {
            return accept(command, snapshot, events, newState, fingerprint, partition, offset);
        } catch (RuntimeException bug) {
            return failed(bug, command, snapshot, partition, offset);
        }
    }

    // A bug in the domain (decide or evolve throwing, an event or state Jackson cannot write) must not stop the
    // partition: the command is answered as failed and nothing is written.
    private CommandReply failed(RuntimeException bug, CommandEnvelope command, AggregateSnapshot snapshot,
                                int partition, long offset) {
        LOG.errorf(bug, "%s failed on command %s; nothing was written", type, command);
        return refuse(Outcome.FAILED, "DECIDER_FAILED", "the domain failed on this command: " + bug, command,
                snapshot, partition, offset);
    }

    private CommandReply accept(CommandEnvelope command, AggregateSnapshot snapshot, List<E> events, S newState,
                                String fingerprint, int partition, long offset) {
        // Everything is encoded before anything is forwarded: a failure here leaves no event without a reply.
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        List<Record<String, byte[]>> records = new ArrayList<>(events.size());
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        long version = snapshot.version();
        for (E event : events) {
            version++;
            String eventName = type.eventName(event);
            EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type.name(),
                    command.aggregateId(), version, eventName, now, command.commandId(), offset,
                    command.correlationId(), SCHEMA_VERSION, write(event));
            EncodedRecord encoded = CloudEventCodec.encode(envelope);
            records.add(new Record<>(command.aggregateId(), encoded.value(), now.toEpochMilli(),
                    KafkaHeaderMaps.toKafka(encoded.headers())));
            recorded.add(new RecordedEvent(eventName, version, json.valueToTree(event)));
        }
        CommandReply reply = CommandReply.accepted(type.name(), command.aggregateId(), version, recorded, partition,
                offset);
        Optional<RememberedOutcome> remembered = command.idempotencyKey()
                .map(key -> new RememberedOutcome(key, fingerprint, reply));
        AggregateSnapshot next = events.isEmpty() && remembered.isEmpty() ? null
                : snapshot.next(version, json.valueToTree(newState), remembered, rememberedOutcomes);

        records.forEach(record -> context.forward(record, sinks.events()));
        if (next != null) {
            store.put(command.aggregateId(), next);
        }
        return reply;
    }

    private CommandReply refuse(Outcome outcome, String reason, String message, CommandEnvelope command,
                                AggregateSnapshot snapshot, int partition, long offset) {
        return CommandReply.refused(outcome, reason, message, type.name(), command.aggregateId(), snapshot.version(),
                partition, offset);
    }

    /**
     * The command name and a hash of what the client sent: server-generated components (a drawn code, a
     * timestamp) are left out, since a retry draws them anew and must still match its first attempt.
     */
    private String fingerprint(CommandEnvelope command) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(command.commandName().getBytes(StandardCharsets.UTF_8));
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

    private static Headers replyHeaders() {
        return new RecordHeaders().add(EventHeaders.CONTENT_TYPE, EventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
    }
}
