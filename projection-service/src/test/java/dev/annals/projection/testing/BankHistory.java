package dev.annals.projection.testing;

import dev.annals.core.Caller;
import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.json.DomainJson;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.domain.bank.Account;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.BankAccountDecider;
import dev.annals.domain.bank.BankAccountType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes bank events to the shared broker the way the command processor does: CloudEvents in binary mode,
 * keyed by account id, with gap-free versions decided by the real decider. Projection tests need events, not the
 * command side; this stands in for it.
 */
public final class BankHistory implements AutoCloseable {

    /** Who sends this writer\'s commands: a teller, who may act on every account. */
    public static final Caller TELLER = new Caller("bank-history", Set.of(BankAccountDecider.TELLER));

    public static final String TOPIC = Topics.events(BankAccountType.NAME);
    public static final int PARTITIONS = 6;

    private static final Map<Integer, AtomicLong> COMMAND_OFFSETS = new ConcurrentHashMap<>();

    private final KafkaProducer<String, byte[]> producer;
    private KafkaProducer<String, byte[]> transactional;
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Map<String, Account> states = new ConcurrentHashMap<>();

    public BankHistory() {
        ensureTopic();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    public static String bootstrap() {
        return SharedInfrastructure.endpoints().kafkaBootstrapServers();
    }

    public static String newAccountId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The end offset of each partition of the events topic. */
    public static Map<TopicPartition, Long> endOffsets() {
        return TopicReader.endOffsets(TOPIC);
    }

    /** The number of offsets in the events topic, all partitions (what a projection at the end has read). */
    public static long endOfLog() {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code count} new account ids ({@code prefix-…}) that share one partition, so their events keep log order. */
    public static List<String> idsInOnePartition(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        int partition = partitionOf(newAccountId("x"));
        while (ids.size() < count) {
            String id = newAccountId(prefix);
            if (partitionOf(id) == partition) {
                ids.add(id);
            }
        }
        return ids;
    }

    public static int partitionOf(String accountId) {
        return Utils.toPositive(Utils.murmur2(accountId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** Opens the account and deposits 1, 2, ... {@code deposits} times: {@code deposits + 1} events. */
    public void openWithDeposits(String accountId, String owner, int deposits) {
        send(accountId, new AccountCommand.OpenAccount(owner, TELLER));
        for (int i = 1; i <= deposits; i++) {
            send(accountId, new AccountCommand.Deposit(i));
        }
    }

    /** Decides the command on the account's state (folded from what this writer sent) and sends the events. */
    public List<AccountEvent> send(String accountId, AccountCommand command) {
        var decider = BankAccountType.TYPE.decider();
        Account state = states.getOrDefault(accountId, decider.initialState());
        List<AccountEvent> events = decider.decide(command, state);
        long commandOffset = COMMAND_OFFSETS.computeIfAbsent(partitionOf(accountId), p -> new AtomicLong())
                .getAndIncrement();
        for (AccountEvent event : events) {
            long version = versions.merge(accountId, 1L, Long::sum);
            sendRaw(accountId, envelope(accountId, version, BankAccountType.TYPE.eventName(event),
                    DomainJson.write(event), commandOffset));
            state = decider.evolve(state, event);
        }
        states.put(accountId, state);
        return events;
    }

    public long version(String accountId) {
        return versions.getOrDefault(accountId, 0L);
    }

    public static EventEnvelope envelope(String accountId, long version, String eventType, byte[] data,
                                         long commandOffset) {
        return envelope(accountId, version, eventType, data, commandOffset, EventEnvelope.CommandEvent.ONLY);
    }

    public static EventEnvelope envelope(String accountId, long version, String eventType, byte[] data,
                                         long commandOffset, EventEnvelope.CommandEvent commandEvent) {
        return new EventEnvelope(UUID.randomUUID().toString(), BankAccountType.NAME, accountId, version, eventType,
                Instant.now(), UUID.randomUUID().toString(), commandOffset, commandEvent,
                UUID.randomUUID().toString(), Optional.of(TELLER.subject()), 1, data);
    }

    /**
     * One command's events as they landed: its command offset, the Kafka offsets of its first and last event, and
     * their partition.
     */
    public record SentCommand(long commandOffset, long firstOffset, long lastOffset, int partition) {
    }

    /**
     * Records {@code events} as the events of one command on the account, numbered 1 to n and in one Kafka
     * transaction as the processor writes them: a {@code read_committed} consumer sees all of them or none.
     */
    public SentCommand sendAsOneCommand(String accountId, List<AccountEvent> events) {
        if (transactional == null) {
            transactional = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bank-history-" + UUID.randomUUID()),
                    new StringSerializer(), new ByteArraySerializer());
            transactional.initTransactions();
        }
        long commandOffset = COMMAND_OFFSETS.computeIfAbsent(partitionOf(accountId), p -> new AtomicLong())
                .getAndIncrement();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        transactional.beginTransaction();
        Account state = states.getOrDefault(accountId, BankAccountType.TYPE.decider().initialState());
        for (int index = 1; index <= events.size(); index++) {
            AccountEvent event = events.get(index - 1);
            long version = versions.merge(accountId, 1L, Long::sum);
            sent.add(send(transactional, accountId, envelope(accountId, version,
                    BankAccountType.TYPE.eventName(event), DomainJson.write(event), commandOffset,
                    new EventEnvelope.CommandEvent(index, events.size()))));
            state = BankAccountType.TYPE.decider().evolve(state, event);
        }
        transactional.commitTransaction();
        states.put(accountId, state);
        try {
            return new SentCommand(commandOffset, sent.get(0).get().offset(), sent.get(sent.size() - 1).get().offset(),
                    partitionOf(accountId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends an envelope as it is, valid or not (for poison tests the data may be anything). */
    public Future<RecordMetadata> sendRaw(String accountId, EventEnvelope envelope) {
        return send(producer, accountId, envelope);
    }

    private static Future<RecordMetadata> send(KafkaProducer<String, byte[]> through, String accountId,
                                               EventEnvelope envelope) {
        EncodedRecord encoded = CloudEventCodec.encode(envelope);
        RecordHeaders headers = new RecordHeaders();
        encoded.headers().forEach(headers::add);
        return through.send(new ProducerRecord<>(TOPIC, null, accountId, encoded.value(), headers));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        if (transactional != null) {
            transactional.close();
        }
    }

    private static void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ids of {@code count} new accounts, each opened (by {@code owner-<id>}) with {@code deposits}, all sent. */
    public static List<String> accountsWithDeposits(String prefix, int count, int deposits) {
        List<String> ids = newAccountIds(prefix, count);
        try (BankHistory history = new BankHistory()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner-" + id, deposits));
            history.flush();
        }
        return ids;
    }

    /** Ids of {@code count} new accounts. */
    public static List<String> newAccountIds(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(newAccountId(prefix));
        }
        return ids;
    }
}
