package dev.annals.command.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.command.reply.CommandReply;
import dev.annals.command.reply.Outcome;
import dev.annals.command.wire.KafkaHeaderMaps;
import dev.annals.core.AggregateType;
import dev.annals.core.Decider;
import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.CommandCodec;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.json.DomainJson;
import dev.annals.core.topic.Topics;
import dev.annals.domain.bank.Account;
import dev.annals.domain.bank.BankAccountType;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The processor topology, driven without a broker: fast checks of every path through the command handler. */
class CommandTopologyTest {

    private static final String TYPE = BankAccountType.NAME;
    private static final int REMEMBERED = 3;

    private final ObjectMapper json = DomainJson.newMapper();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> events;
    private TestOutputTopic<String, byte[]> replies;
    private TestOutputTopic<String, byte[]> deadLetters;

    @TempDir
    Path stateDirectory;

    @BeforeEach
    void start() {
        start(BankAccountType.TYPE, StoreKind.IN_MEMORY);
    }

    /** Drives the topology of one type (closing the driver of another). */
    private void start(AggregateType<?, ?, ?> type, StoreKind storeKind) {
        if (driver != null) {
            driver.close();
        }
        driver = new TopologyTestDriver(CommandTopology.build(List.of(type), storeKind, REMEMBERED, json),
                CommandProcessor.exactlyOnce("topology-test", "unused:9092", stateDirectory, Duration.ofMillis(20)));
        commands = driver.createInputTopic(Topics.commands(type.name()), new StringSerializer(),
                new ByteArraySerializer());
        events = driver.createOutputTopic(Topics.events(type.name()), new StringDeserializer(),
                new ByteArrayDeserializer());
        replies = driver.createOutputTopic(Topics.COMMAND_REPLIES, new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.deadLetter(CommandTopology.DEAD_LETTER_CONSUMER),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void accepted_commands_write_events_with_gap_free_versions_and_the_snapshot() {
        CommandReply opened = send("acc-1", "open", "{\"owner\":\"ann\"}", null, null);
        CommandReply deposited = send("acc-1", "deposit", "{\"amount\":100}", null, null);

        assertThat(opened.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(opened.version()).isEqualTo(1);
        assertThat(deposited.version()).isEqualTo(2);
        assertThat(deposited.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("MoneyDeposited");
            assertThat(event.version()).isEqualTo(2);
            assertThat(event.data().get("amount").asLong()).isEqualTo(100);
        });
        assertThat(deposited.commandOffset()).isEqualTo(1);

        List<EventEnvelope> written = readEvents();
        assertThat(written).extracting(EventEnvelope::aggregateVersion).containsExactly(1L, 2L);
        assertThat(written).extracting(EventEnvelope::eventType).containsExactly("AccountOpened", "MoneyDeposited");
        assertThat(written).extracting(EventEnvelope::commandOffset).containsExactly(0L, 1L);
        assertThat(written).allSatisfy(event -> assertThat(event.aggregateId()).isEqualTo("acc-1"));

        assertThat(snapshot("acc-1").version()).isEqualTo(2);
        assertThat(state("acc-1")).isEqualTo(new Account(Account.Status.OPEN, "ann", 100));
    }

    @Test
    void a_rejected_command_writes_nothing_and_says_why() {
        send("acc-1", "open", "{\"owner\":\"ann\"}", null, null);
        readEvents();

        CommandReply refused = send("acc-1", "withdraw", "{\"amount\":5}", null, null);

        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.reason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(refused.version()).isEqualTo(1);
        assertThat(events.isEmpty()).isTrue();
        assertThat(snapshot("acc-1").version()).isEqualTo(1);
    }

    @Test
    void a_retry_with_the_same_idempotency_key_gets_the_first_outcome_and_writes_nothing() {
        send("acc-1", "open", "{\"owner\":\"ann\"}", null, null);
        CommandReply first = send("acc-1", "deposit", "{\"amount\":10}", "key-1", null);
        CommandReply retry = send("acc-1", "deposit", "{\"amount\":10}", "key-1", null);

        assertThat(retry).isEqualTo(first);
        assertThat(readEvents()).hasSize(2);
        assertThat(state("acc-1").balance()).isEqualTo(10);
    }

    @Test
    void an_idempotency_key_reused_for_another_command_is_refused() {
        send("acc-1", "open", "{\"owner\":\"ann\"}", null, null);
        send("acc-1", "deposit", "{\"amount\":10}", "key-1", null);

        CommandReply reused = send("acc-1", "deposit", "{\"amount\":11}", "key-1", null);

        assertThat(reused.outcome()).isEqualTo(Outcome.IDEMPOTENCY_KEY_REUSED);
        assertThat(state("acc-1").balance()).isEqualTo(10);
    }

    @Test
    void only_the_latest_idempotency_keys_are_remembered() {
        send("acc-1", "open", "{\"owner\":\"ann\"}", null, null);
        for (int i = 1; i <= REMEMBERED + 1; i++) {
            send("acc-1", "deposit", "{\"amount\":1}", "key-" + i, null);
        }

        assertThat(snapshot("acc-1").remembered()).extracting(AggregateSnapshot.RememberedOutcome::idempotencyKey)
                .containsExactly("key-2", "key-3", "key-4");
        CommandReply forgotten = send("acc-1", "deposit", "{\"amount\":1}", "key-1", null);
        assertThat(forgotten.version()).isEqualTo(REMEMBERED + 3);
    }

    @Test
    void an_expected_version_must_match_the_aggregate() {
        send("acc-1", "open", "{\"owner\":\"ann\"}", null, 0L);
        readEvents();

        CommandReply stale = send("acc-1", "deposit", "{\"amount\":10}", null, 0L);
        assertThat(stale.outcome()).isEqualTo(Outcome.VERSION_CONFLICT);
        assertThat(stale.reason()).isEqualTo("VERSION_CONFLICT");
        assertThat(stale.version()).isEqualTo(1);
        assertThat(events.isEmpty()).isTrue();

        assertThat(send("acc-1", "deposit", "{\"amount\":10}", null, 1L).version()).isEqualTo(2);
    }

    @Test
    void an_unreadable_command_record_goes_to_the_dead_letter_topic_and_the_next_one_is_processed() {
        Headers headers = new RecordHeaders().add("annals_command", "deposit".getBytes(StandardCharsets.UTF_8));
        commands.pipeInput(new TestRecord<>("acc-1", "{}".getBytes(StandardCharsets.UTF_8), headers));

        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("acc-1");
        assertThat(new String(dead.headers().lastHeader(CommandHandler.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                .contains("annals_commandid");
        assertThat(replies.isEmpty()).isTrue();

        assertThat(send("acc-1", "open", "{\"owner\":\"ann\"}", null, null).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void a_payload_the_processor_cannot_read_is_answered_as_malformed() {
        CommandReply reply = send("acc-1", "deposit", "{\"amount\":\"lots\"}", null, null);

        assertThat(reply.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void the_rocksdb_store_keeps_aggregates_the_same_way() {
        start(BankAccountType.TYPE, StoreKind.ROCKSDB);

        send("acc-1", "open", "{\"owner\":\"ann\"}", null, null);
        CommandReply deposited = send("acc-1", "deposit", "{\"amount\":40}", null, null);

        assertThat(deposited.version()).isEqualTo(2);
        assertThat(driver.getKeyValueStore(Topics.aggregateStore(TYPE)).persistent()).isTrue();
        assertThat(state("acc-1")).isEqualTo(new Account(Account.Status.OPEN, "ann", 40));
    }

    @Test
    void a_domain_that_throws_gets_a_failed_reply_writes_nothing_and_the_partition_goes_on() {
        AggregateType<Fragile.Command, Fragile.Event, Fragile.State> fragile = AggregateType.of("fragile",
                new Fragile(), Fragile.Command.class, Fragile.Event.class, Fragile.State.class);
        start(fragile, StoreKind.IN_MEMORY);

        CommandReply failed = send("fragile", "f-1", "explode", "{}");
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.reason()).isEqualTo("DECIDER_FAILED");
        assertThat(events.isEmpty()).isTrue();

        assertThat(send("fragile", "f-1", "touch", "{}").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(events.readRecordsToList()).hasSize(1);
    }

    /** A domain with a bug: one command makes decide throw something other than a rejection. */
    static final class Fragile implements Decider<Fragile.Command, Fragile.Event, Fragile.State> {
        sealed interface Command {
            record Explode() implements Command {
            }

            record Touch() implements Command {
            }
        }

        sealed interface Event {
            record Touched() implements Event {
            }
        }

        record State(int touches) {
        }

        @Override
        public State initialState() {
            return new State(0);
        }

        @Override
        public List<Event> decide(Command command, State state) {
            if (command instanceof Command.Explode) {
                throw new IllegalStateException("boom");
            }
            return List.of(new Event.Touched());
        }

        @Override
        public State evolve(State state, Event event) {
            return new State(state.touches() + 1);
        }
    }

    @Test
    void the_processor_never_reads_the_events_topic() {
        String description = CommandTopology.build(List.of(BankAccountType.TYPE), StoreKind.IN_MEMORY, 1, json)
                .describe().toString();
        assertThat(description).contains("topics: [" + Topics.commands(TYPE) + "]");
        assertThat(description).doesNotContain("topics: [" + Topics.events(TYPE) + "]");
    }

    private CommandReply send(String type, String id, String command, String payload) {
        return send(type, id, command, payload, null, null);
    }

    private CommandReply send(String id, String command, String payload, String idempotencyKey, Long expected) {
        return send(TYPE, id, command, payload, idempotencyKey, expected);
    }

    private CommandReply send(String type, String id, String command, String payload, String idempotencyKey,
                              Long expected) {
        String commandId = UUID.randomUUID().toString();
        EncodedRecord record = CommandCodec.encode(new CommandEnvelope(commandId, type, id, command,
                Optional.ofNullable(idempotencyKey),
                expected == null ? OptionalLong.empty() : OptionalLong.of(expected), commandId,
                payload.getBytes(StandardCharsets.UTF_8)));
        commands.pipeInput(new TestRecord<>(id, record.value(), KafkaHeaderMaps.toKafka(record.headers())));
        TestRecord<String, byte[]> reply = replies.readRecord();
        assertThat(reply.key()).isEqualTo(commandId);
        try {
            return json.readValue(reply.value(), CommandReply.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<EventEnvelope> readEvents() {
        return events.readRecordsToList().stream()
                .map(record -> CloudEventCodec.decode(KafkaHeaderMaps.toMap(record.headers()), record.value()))
                .toList();
    }

    private AggregateSnapshot snapshot(String id) {
        KeyValueStore<String, AggregateSnapshot> store = driver.getKeyValueStore(Topics.aggregateStore(TYPE));
        return store.get(id);
    }

    private Account state(String id) {
        try {
            return json.treeToValue(snapshot(id).state(), Account.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
