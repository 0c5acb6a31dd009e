package dev.annals.command.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.command.wire.KafkaHeaderMaps;
import dev.annals.core.AggregateType;
import dev.annals.core.Decider;
import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.CommandCodec;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.json.DomainJson;
import dev.annals.core.reply.CommandReply;
import dev.annals.core.reply.Outcome;
import dev.annals.core.topic.Topics;
import dev.annals.domain.bank.Account;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.domain.cart.CartType;
import dev.annals.core.envelope.TraceContext;
import dev.annals.kafka.KafkaClients;
import dev.annals.telemetry.SpanAttributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.StreamsConfig;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The processor topology, driven without a broker: fast checks of every path through the command handler. */
class CommandTopologyTest {

    private static final String TYPE = BankAccountType.NAME;
    private static final String PRINCIPAL = "ann";
    /** The caller the gateway fills into the bank's commands that need one. */
    private static final String BY = "\"by\":{\"subject\":\"ann\",\"roles\":[\"customer\"]}";
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final long ROCKSDB_MEMORY = 64L * 1024 * 1024;
    private static final ProcessorLimits LIMITS = new ProcessorLimits(WINDOW, 1_000, 256 * 1024, 256 * 1024);

    private final ObjectMapper json = DomainJson.newMapper();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build().get("topology-test");
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> events;
    private TestOutputTopic<String, byte[]> replies;
    private TestOutputTopic<String, byte[]> deadLetters;

    @TempDir
    Path stateDirectory;

    @BeforeEach
    void start() {
        start(BankAccountType.TYPE, StoreKind.IN_MEMORY, LIMITS);
    }

    private void start(AggregateType<?, ?, ?> type, StoreKind storeKind) {
        start(type, storeKind, LIMITS);
    }

    /** Drives the topology of one type (closing the driver of another). */
    private void start(AggregateType<?, ?, ?> type, StoreKind storeKind, ProcessorLimits limits) {
        if (driver != null) {
            driver.close();
        }
        Properties properties = CommandProcessor.exactlyOnce(KafkaClients.of(Map.of("bootstrap.servers",
                "unused:9092"), "topology-test"), "topology-test", stateDirectory, Duration.ofMillis(20));
        if (storeKind == StoreKind.ROCKSDB) { // as the service runs it: every store's memory within one bound
            properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
            properties.put(BoundedRocksDbMemory.MEMORY_CONFIG, ROCKSDB_MEMORY);
        }
        driver = new TopologyTestDriver(CommandTopology.build(List.of(type), storeKind, limits, new FailedWrites(),
                json, ReplyTopics.NONE, tracer), properties, Instant.parse("2026-12-01T00:00:00Z"));
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
        CommandReply opened = send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
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
    void a_command_continues_its_senders_trace_and_each_event_carries_a_span_of_its_own_in_it() {
        TraceContext sender = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                Optional.empty());
        String commandId = UUID.randomUUID().toString();
        commands.pipeInput(record("acc-1", new CommandEnvelope(commandId, TYPE, "acc-1", "open", Optional.empty(),
                OptionalLong.empty(), commandId, PRINCIPAL, ("{\"owner\":\"ann\"," + BY + "}")
                .getBytes(StandardCharsets.UTF_8)).withTrace(sender)));
        replies.readRecord();

        SpanData process = span("process " + Topics.commands(TYPE));
        assertThat(process.getTraceId()).isEqualTo(sender.traceId());
        assertThat(process.getParentSpanId()).isEqualTo(sender.parentSpanId());
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getAttributes().get(SpanAttributes.COMMAND)).isEqualTo("open");
        assertThat(process.getAttributes().get(SpanAttributes.OUTCOME)).isEqualTo("ACCEPTED");
        EventEnvelope opened = readEvents().getFirst();
        TraceContext eventTrace = opened.trace().orElseThrow();
        assertThat(eventTrace.traceId()).isEqualTo(sender.traceId());
        SpanData publish = span("publish " + Topics.events(TYPE));
        assertThat(eventTrace.parentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(publish.getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(publish.getAttributes().get(SpanAttributes.MESSAGE_ID)).isEqualTo(opened.id());
    }

    @Test
    void a_refused_command_is_a_span_with_its_outcome_and_no_event_span() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        readEvents();
        spans.reset();

        send("acc-1", "withdraw", "{\"amount\":5," + BY + "}", null, null);

        assertThat(spans.getFinishedSpanItems()).singleElement().satisfies(process -> {
            assertThat(process.getName()).isEqualTo("process " + Topics.commands(TYPE));
            assertThat(process.getAttributes().get(SpanAttributes.OUTCOME)).isEqualTo("REJECTED");
        });
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " among " + spans.getFinishedSpanItems()));
    }

    private static TestRecord<String, byte[]> record(String key, CommandEnvelope command) {
        EncodedRecord encoded = CommandCodec.encode(command);
        return new TestRecord<>(key, encoded.value(), KafkaHeaderMaps.toKafka(encoded.headers()));
    }

    @Test
    void a_rejected_command_writes_nothing_and_says_why() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        readEvents();

        CommandReply refused = send("acc-1", "withdraw", "{\"amount\":5," + BY + "}", null, null);

        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.reason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(refused.version()).isEqualTo(1);
        assertThat(events.isEmpty()).isTrue();
        assertThat(snapshot("acc-1").version()).isEqualTo(1);
    }

    @Test
    void a_retry_with_the_same_idempotency_key_gets_the_first_outcome_and_writes_nothing() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        CommandReply first = send("acc-1", "deposit", "{\"amount\":10}", "key-1", null);
        CommandReply retry = send("acc-1", "deposit", "{\"amount\":10}", "key-1", null);

        assertThat(retry).isEqualTo(first);
        assertThat(readEvents()).hasSize(2);
        assertThat(state("acc-1").balance()).isEqualTo(10);
    }

    @Test
    void an_idempotency_key_belongs_to_its_caller_so_two_callers_with_one_key_send_two_commands() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        CommandReply anns = sendAs("ann", TYPE, "acc-1", "deposit", "{\"amount\":10}", "key-1", null);
        CommandReply bobs = sendAs("bob", TYPE, "acc-1", "deposit", "{\"amount\":10}", "key-1", null);
        CommandReply annsRetry = sendAs("ann", TYPE, "acc-1", "deposit", "{\"amount\":10}", "key-1", null);

        assertThat(bobs.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(bobs.version()).isEqualTo(3);
        assertThat(annsRetry).isEqualTo(anns);
        assertThat(state("acc-1").balance()).isEqualTo(20);
        assertThat(readEvents()).extracting(EventEnvelope::principal)
                .containsExactly(Optional.of("ann"), Optional.of("ann"), Optional.of("bob"));
    }

    @Test
    void an_idempotency_key_reused_for_another_command_is_refused() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        send("acc-1", "deposit", "{\"amount\":10}", "key-1", null);

        CommandReply reused = send("acc-1", "deposit", "{\"amount\":11}", "key-1", null);

        assertThat(reused.outcome()).isEqualTo(Outcome.IDEMPOTENCY_KEY_REUSED);
        assertThat(state("acc-1").balance()).isEqualTo(10);
    }

    @Test
    void a_retry_after_many_other_keyed_commands_on_the_aggregate_still_gets_its_first_answer() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        CommandReply first = send("acc-1", "deposit", "{\"amount\":10}", "the-one", null);
        for (int i = 1; i <= 150; i++) {
            send("acc-1", "deposit", "{\"amount\":1}", "other-" + i, null);
        }
        readEvents();

        CommandReply retry = send("acc-1", "deposit", "{\"amount\":10}", "the-one", null);

        assertThat(retry).isEqualTo(first);
        assertThat(events.isEmpty()).as("the retry wrote no event").isTrue();
        assertThat(state("acc-1").balance()).isEqualTo(160);
    }

    @Test
    void a_refusal_is_remembered_too_so_the_retry_gets_it_even_after_the_state_changed() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        CommandReply refused = send("acc-1", "withdraw", "{\"amount\":50," + BY + "}", "w-1", null);
        send("acc-1", "deposit", "{\"amount\":100}", null, null);
        readEvents();

        CommandReply retry = send("acc-1", "withdraw", "{\"amount\":50," + BY + "}", "w-1", null);

        assertThat(refused.reason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(retry).isEqualTo(refused);
        assertThat(events.isEmpty()).isTrue();
        assertThat(state("acc-1").balance()).isEqualTo(100);
    }

    @Test
    void the_same_key_with_another_precondition_is_another_request() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        CommandReply conflict = send("acc-1", "deposit", "{\"amount\":10}", "d-1", 0L);

        CommandReply changed = send("acc-1", "deposit", "{\"amount\":10}", "d-1", 1L);

        assertThat(conflict.outcome()).isEqualTo(Outcome.VERSION_CONFLICT);
        assertThat(changed.outcome()).isEqualTo(Outcome.IDEMPOTENCY_KEY_REUSED);
        assertThat(state("acc-1").balance()).isZero();
    }

    @Test
    void an_answer_is_remembered_for_the_window_and_forgotten_after_it() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        CommandReply first = send("acc-1", "deposit", "{\"amount\":10}", "d-1", null);
        readEvents();

        driver.advanceWallClockTime(WINDOW.minusMinutes(1));
        assertThat(send("acc-1", "deposit", "{\"amount\":10}", "d-1", null)).isEqualTo(first);
        assertThat(events.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(outcomeCount()).as("expired answers leave the store").isZero();
        CommandReply decidedAnew = send("acc-1", "deposit", "{\"amount\":10}", "d-1", null);
        assertThat(decidedAnew.version()).isEqualTo(3);
        assertThat(readEvents()).hasSize(1);
        assertThat(outcomeCount()).isEqualTo(1);
    }

    @Test
    void a_full_window_refuses_new_keys_and_still_answers_the_remembered_ones() {
        start(BankAccountType.TYPE, StoreKind.IN_MEMORY, new ProcessorLimits(WINDOW, 2, 256 * 1024, 256 * 1024));
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        CommandReply first = send("acc-1", "deposit", "{\"amount\":1}", "k-1", null);
        send("acc-1", "deposit", "{\"amount\":1}", "k-2", null);
        readEvents();

        CommandReply full = send("acc-1", "deposit", "{\"amount\":1}", "k-3", null);
        assertThat(full.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(full.reason()).isEqualTo("IDEMPOTENCY_WINDOW_FULL");
        assertThat(events.isEmpty()).isTrue();
        assertThat(send("acc-1", "deposit", "{\"amount\":1}", "k-1", null)).isEqualTo(first);
        assertThat(send("acc-1", "deposit", "{\"amount\":1}", null, null).outcome()).isEqualTo(Outcome.ACCEPTED);

        driver.advanceWallClockTime(WINDOW.plusMinutes(1));
        assertThat(send("acc-1", "deposit", "{\"amount\":1}", "k-3", null).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    /** A caller's share of a few answers to a deposit (each costs under 2,000 bytes), and a window of a hundred. */
    private static ProcessorLimits shares(long callerShare) {
        return new ProcessorLimits(WINDOW, new WindowBounds(1_000, 100 * 2_000, callerShare, Map.of()), 256 * 1024,
                256 * 1024);
    }

    @Test
    void one_caller_who_fills_its_share_of_the_window_is_refused_alone() {
        start(BankAccountType.TYPE, StoreKind.IN_MEMORY, shares(3 * 2_000));
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        List<CommandReply> anns = new ArrayList<>();
        CommandReply full = null;
        for (int i = 0; i < 20 && full == null; i++) {
            CommandReply reply = send("acc-1", "deposit", "{\"amount\":1}", "ann-" + i, null);
            if (reply.outcome() == Outcome.ACCEPTED) {
                anns.add(reply);
            } else {
                full = reply;
            }
        }
        readEvents();

        assertThat(full).as("refused within 20 keyed commands").isNotNull();
        assertThat(anns).isNotEmpty();
        assertThat(full.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(full.reason()).isEqualTo(CommandReply.IDEMPOTENCY_SHARE_FULL);
        assertThat(events.isEmpty()).as("nothing written for the refused command").isTrue();
        // everyone else goes on, and so do her retries and her commands without a key
        assertThat(sendAs("bob", TYPE, "acc-1", "deposit", "{\"amount\":1}", "bob-1", null).outcome())
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(send("acc-1", "deposit", "{\"amount\":1}", "ann-0", null)).isEqualTo(anns.get(0));
        assertThat(send("acc-1", "deposit", "{\"amount\":1}", null, null).outcome()).isEqualTo(Outcome.ACCEPTED);
        // until hers expire
        driver.advanceWallClockTime(WINDOW.plusMinutes(1));
        assertThat(send("acc-1", "deposit", "{\"amount\":1}", "ann-99", null).outcome())
                .isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void the_window_is_bounded_in_bytes_whoever_fills_it() {
        start(BankAccountType.TYPE, StoreKind.IN_MEMORY, new ProcessorLimits(WINDOW,
                new WindowBounds(1_000, 3 * 2_000, 100 * 2_000, Map.of()), 256 * 1024, 256 * 1024));
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        CommandReply full = null;
        for (int i = 0; i < 20 && full == null; i++) {
            CommandReply reply = sendAs("caller-" + i, TYPE, "acc-1", "deposit", "{\"amount\":1}", "k", null);
            full = reply.outcome() == Outcome.ACCEPTED ? null : reply;
        }

        assertThat(full).as("refused within 20 callers").isNotNull();
        assertThat(full.reason()).isEqualTo("IDEMPOTENCY_WINDOW_FULL");
    }

    @Test
    void refusals_to_aggregates_that_do_not_exist_take_nothing_of_the_window() {
        start(BankAccountType.TYPE, StoreKind.IN_MEMORY, shares(2_000));
        for (int i = 0; i < 10; i++) {
            assertThat(send("nobody-" + i, "deposit", "{\"amount\":1}", "k-" + i, null).reason())
                    .isEqualTo("ACCOUNT_NOT_OPEN");
        }
        assertThat(outcomeCount()).isZero();
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        assertThat(send("acc-1", "deposit", "{\"amount\":1}", "k-1", null).outcome()).isEqualTo(Outcome.ACCEPTED);
        // a refusal on an account that exists is remembered, against its caller's share
        assertThat(send("acc-1", "withdraw", "{\"amount\":500," + BY + "}", "k-2", null).reason())
                .isIn("INSUFFICIENT_FUNDS", CommandReply.IDEMPOTENCY_SHARE_FULL);
    }

    @Test
    void what_each_caller_holds_is_counted_again_from_the_stores_as_a_restored_task_starts() {
        start(BankAccountType.TYPE, StoreKind.IN_MEMORY, shares(3 * 2_000));
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        int accepted = 0;
        while (send("acc-1", "deposit", "{\"amount\":1}", "ann-" + accepted, null).outcome() == Outcome.ACCEPTED) {
            accepted++;
        }

        // what a task's processor finds when it starts on stores restored from their changelogs
        IdempotencyWindow restored = new IdempotencyWindow(driver.getKeyValueStore(Topics.outcomeStore(TYPE)),
                driver.getKeyValueStore(Topics.outcomeExpiryStore(TYPE)), json, shares(3 * 2_000));
        byte[] another = restored.encode(new RememberedOutcome("f", 0, CommandReply.accepted(TYPE, "acc-1", 9,
                List.of(), 0, 9)));

        assertThat(restored.bytesOf(PRINCIPAL)).isPositive().isLessThanOrEqualTo(3 * 2_000);
        assertThat(restored.admits("acc-1", PRINCIPAL, "ann-new", another))
                .isEqualTo(IdempotencyWindow.Admission.CALLER_SHARE_FULL);
        assertThat(restored.admits("acc-1", "bob", "bob-1", another)).isEqualTo(IdempotencyWindow.Admission.ADMITTED);
        assertThat(restored.bytes()).isEqualTo(restored.bytesOf(PRINCIPAL));
    }

    @Test
    void a_command_that_would_grow_its_aggregate_past_the_limit_is_refused_and_writes_nothing() {
        start(CartType.TYPE, StoreKind.IN_MEMORY, new ProcessorLimits(WINDOW, 1_000, 2_000, 256 * 1024));
        send(CartType.NAME, "cart-1", "create", "{\"customerId\":\"ann\"," + BY + "}");
        CommandReply refused = null;
        int added = 0;
        while (refused == null && added < 100) { // about 15 lines fit in 2,000 bytes
            CommandReply reply = send(CartType.NAME, "cart-1", "add-item", "{\"sku\":\"" + "s".repeat(90) + added
                    + "\",\"quantity\":1,\"unitPrice\":1," + BY + "}");
            if (reply.outcome() == Outcome.ACCEPTED) {
                added++;
            } else {
                refused = reply;
            }
        }
        readEvents();

        assertThat(refused).as("refused before 100 lines").isNotNull();
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.reason()).isEqualTo("AGGREGATE_TOO_LARGE");
        assertThat(refused.message()).contains("annals.processor.max-aggregate-size (2000)");
        assertThat(refused.version()).isEqualTo(added + 1);
        assertThat(events.isEmpty()).isTrue();
        assertThat(snapshotBytes(CartType.NAME, "cart-1")).hasSizeLessThanOrEqualTo(2_000);
        CommandReply removed = send(CartType.NAME, "cart-1", "remove-item", "{\"sku\":\"" + "s".repeat(90)
                + "0\"," + BY + "}");
        assertThat(removed.outcome()).as("what shrinks the aggregate is still accepted").isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void a_command_whose_answer_would_pass_the_events_limit_is_refused_and_writes_nothing() {
        start(CartType.TYPE, StoreKind.IN_MEMORY, new ProcessorLimits(WINDOW, 1_000, 256 * 1024, 300));
        send(CartType.NAME, "cart-1", "create", "{\"customerId\":\"ann\"," + BY + "}");
        readEvents();

        CommandReply refused = send(CartType.NAME, "cart-1", "add-item", "{\"sku\":\"" + "s".repeat(100)
                + "\",\"quantity\":1,\"unitPrice\":1," + BY + "}");

        assertThat(refused.reason()).isEqualTo("EVENTS_TOO_LARGE");
        assertThat(refused.version()).isEqualTo(1);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void a_snapshot_written_before_the_window_had_its_own_store_is_still_read() {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(Topics.aggregateStore(TYPE));
        store.put("acc-old", ("{\"version\":2,\"state\":{\"status\":\"OPEN\",\"owner\":\"ann\",\"balance\":5},"
                + "\"remembered\":[]}").getBytes(StandardCharsets.UTF_8));

        CommandReply deposited = send("acc-old", "deposit", "{\"amount\":1}", null, null);

        assertThat(deposited.version()).isEqualTo(3);
        assertThat(state("acc-old").balance()).isEqualTo(6);
    }

    @Test
    void an_expected_version_must_match_the_aggregate() {
        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, 0L);
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

        assertThat(send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null).outcome()).isEqualTo(Outcome.ACCEPTED);
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

        send("acc-1", "open", "{\"owner\":\"ann\"," + BY + "}", null, null);
        CommandReply deposited = send("acc-1", "deposit", "{\"amount\":40}", null, null);

        assertThat(deposited.version()).isEqualTo(2);
        assertThat(driver.getKeyValueStore(Topics.aggregateStore(TYPE)).persistent()).isTrue();
        assertThat(state("acc-1")).isEqualTo(new Account(Account.Status.OPEN, "ann", 40));
        // within the one bound every store shares: what they hold in memory is charged to its cache
        assertThat(BoundedRocksDbMemory.usage()).isPositive().isLessThanOrEqualTo(ROCKSDB_MEMORY);
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
            return switch (command) {
                case Command.Explode() -> throw new IllegalStateException("boom");
                case Command.Touch() -> List.of(new Event.Touched());
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Event.Touched() -> new State(state.touches() + 1);
            };
        }
    }

    @Test
    void the_processor_never_reads_the_events_topic() {
        String description = CommandTopology.build(List.of(BankAccountType.TYPE), StoreKind.IN_MEMORY, LIMITS,
                new FailedWrites(), json).describe().toString();
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
        return sendAs(PRINCIPAL, type, id, command, payload, idempotencyKey, expected);
    }

    private CommandReply sendAs(String principal, String type, String id, String command, String payload,
                                String idempotencyKey, Long expected) {
        String commandId = UUID.randomUUID().toString();
        EncodedRecord record = CommandCodec.encode(new CommandEnvelope(commandId, type, id, command,
                Optional.ofNullable(idempotencyKey),
                expected == null ? OptionalLong.empty() : OptionalLong.of(expected), commandId, principal,
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

    private byte[] snapshotBytes(String type, String id) {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(Topics.aggregateStore(type));
        return store.get(id);
    }

    private AggregateSnapshot snapshot(String id) {
        try {
            return json.readValue(snapshotBytes(TYPE, id), AggregateSnapshot.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private long outcomeCount() {
        KeyValueStore<String, byte[]> outcomes = driver.getKeyValueStore(Topics.outcomeStore(TYPE));
        return outcomes.approximateNumEntries();
    }

    private Account state(String id) {
        try {
            return json.treeToValue(snapshot(id).state(), Account.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
