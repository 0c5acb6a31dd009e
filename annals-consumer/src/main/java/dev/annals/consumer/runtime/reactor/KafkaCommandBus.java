package dev.annals.consumer.runtime.reactor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.consumer.runtime.OwnTopics;
import dev.annals.core.envelope.CommandCodec;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.json.DomainJson;
import dev.annals.core.reply.CommandReply;
import dev.annals.core.topic.TopicPolicy;
import dev.annals.core.topic.Topics;
import dev.annals.kafka.KafkaClients;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends a reactor's commands to {@code annals.<type>.commands} and reads their answers from the service's own
 * reply topic, {@code annals.replies.<service>}, where the processor writes them in the same transaction as the
 * events (read {@code read_committed}). Every instance of the service reads every partition of it, without a
 * consumer group, from its end at start: an answer to a command sent before a restart is not awaited — the event
 * is handled again and its command sent again with the same key, which the processor answers as it did.
 *
 * <p>Why not the gateway's HTTP API: a reactor service would need a token of its own and a client-credentials
 * flow; on Kafka it is one more Kafka user, with WRITE on the commands topics of the types it commands and READ on
 * its own reply topic only (docs/security.md says what that trusts it with).
 */
public final class KafkaCommandBus implements CommandBus, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaCommandBus.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String replyTopic;
    private final String principal;
    private final Set<String> roles;
    private final Duration replyTimeout;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private final ConcurrentMap<String, CompletableFuture<CommandReply>> waiting = new ConcurrentHashMap<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final ObjectMapper json = DomainJson.newMapper();
    private final Thread reader;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Duration readerGrace;
    private volatile boolean running = true;
    /** Since when the reader has failed to read the reply topic, each poll failing; null while it reads. */
    private volatile Instant failingSince;
    private volatile String readerFailure;

    private KafkaCommandBus(KafkaClients kafka, String replyTopic, String principal, Set<String> roles,
                            Duration replyTimeout, Duration readerGrace) {
        this.readerGrace = readerGrace;
        this.replyTopic = replyTopic;
        this.principal = principal;
        this.roles = Set.copyOf(roles);
        this.replyTimeout = replyTimeout;
        this.producer = new KafkaProducer<>(kafka.config("reactor-commands", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() - 1)),
                new StringSerializer(), new ByteArraySerializer());
        this.replies = new KafkaConsumer<>(kafka.config("reactor-replies", Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::readReplies, "annals-reactor-replies");
        reader.setDaemon(true);
    }

    /**
     * Provisions the reply topic (see {@link OwnTopics}), starts reading it and returns once its end is known:
     * every answer written after that is seen.
     */
    public static KafkaCommandBus start(KafkaClients kafka, Admin admin, ReactorSettings settings, String applicationName)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        String principal = settings.principal().orElse(applicationName);
        String topic = settings.replyTopic().orElseGet(() -> Topics.REPLIES_PREFIX + principal);
        if (!Topics.isServiceReplies(topic) || !topic.equals(Topics.REPLIES_PREFIX + principal)) {
            throw new IllegalStateException("annals.reactor.reply-topic must be " + Topics.REPLIES_PREFIX
                    + "<service>, the service being the commands' principal (annals.reactor.principal, "
                    + principal + "), not " + topic + ": the command processor answers a command only on its"
                    + " sender's own topic");
        }
        OwnTopics.provision(admin, new NewTopic(topic, 1, settings.replyReplicationFactor())
                        .configs(TopicPolicy.COMMAND_REPLIES.configs()), settings.replyMinInsyncReplicas(),
                settings.createReplyTopic(), new OwnTopics.Settings("annals.reactor.create-reply-topic",
                        "annals.reactor.reply-replication-factor", "annals.reactor.reply-min-insync-replicas"));
        KafkaCommandBus bus = new KafkaCommandBus(kafka, topic, principal,
                settings.roles().orElse(Set.of()), settings.replyTimeout(), settings.replyReaderGrace());
        bus.reader.start();
        if (!bus.listening.await(60, TimeUnit.SECONDS)) {
            bus.close();
            throw new IllegalStateException("could not read " + topic + " within 60 s");
        }
        return bus;
    }

    @Override
    public Uni<CommandReply> send(CommandEnvelope command) {
        return Uni.createFrom().<CommandReply>emitter(emitter -> {
                    CompletableFuture<CommandReply> answer = new CompletableFuture<>();
                    // registered before the send, so that even the fastest answer finds its waiter
                    waiting.put(command.commandId(), answer);
                    answer.whenComplete((reply, failure) -> {
                        waiting.remove(command.commandId(), answer);
                        if (failure != null) {
                            emitter.fail(failure);
                        } else {
                            emitter.complete(reply);
                        }
                    });
                    emitter.onTermination(() -> waiting.remove(command.commandId(), answer));
                    EncodedRecord encoded = CommandCodec.encode(command);
                    RecordHeaders headers = new RecordHeaders();
                    encoded.headers().forEach(headers::add);
                    try {
                        producer.send(new ProducerRecord<>(Topics.commands(command.aggregateType()), null,
                                command.aggregateId(), encoded.value(), headers), (metadata, failure) -> {
                            if (failure != null) {
                                answer.completeExceptionally(new NoAnswerException("Kafka did not take "
                                        + command + ": " + failure, failure));
                            }
                        });
                    } catch (RuntimeException failure) {
                        answer.completeExceptionally(new NoAnswerException("Kafka did not take " + command + ": "
                                + failure, failure));
                    }
                })
                // send may block (for metadata, or a full buffer, up to max.block.ms): never on the event loop that
                // every reaction's database work shares
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(replyTimeout).failWith(() -> new NoAnswerException("no answer to " + command
                        + " within " + replyTimeout.toMillis() + " ms on " + replyTopic, null));
    }

    @Override
    public String replyTopic() {
        return replyTopic;
    }

    @Override
    public String principal() {
        return principal;
    }

    @Override
    public Set<String> roles() {
        return roles;
    }

    private void readReplies() {
        try {
            List<PartitionInfo> partitions = replies.partitionsFor(replyTopic, Duration.ofSeconds(30));
            List<TopicPartition> assigned = partitions.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            replies.assign(assigned);
            replies.seekToEnd(assigned);
            assigned.forEach(replies::position); // fixes the positions now: what is written from here on is read
            listening.countDown();
            for (int failures = 0; running; ) {
                try {
                    for (ConsumerRecord<String, byte[]> reply : replies.poll(POLL)) {
                        deliver(reply);
                    }
                    if (failingSince != null) {
                        LOG.infof("the reactors' reply reader reads %s again", replyTopic);
                        failingSince = null;
                        failures = 0;
                    }
                } catch (WakeupException stopping) {
                    throw stopping;
                } catch (RuntimeException failure) {
                    // a reader that ended here would leave every later command unanswered for ever, each one
                    // sent again and again while the status said RETRYING: it keeps trying, and liveness says so
                    if (failingSince == null) {
                        failingSince = Instant.now();
                        LOG.errorf(failure, "the reactors' reply reader cannot read %s; trying again", replyTopic);
                    }
                   readerFailure = failure.toString();
                    failWaiting(failure);
                    awaitClose(Duration.ofMillis(Math.min(5_000, 100L << Math.min(failures++, 6))));
                }
            }
        } catch (WakeupException stopped) {
            // closing
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "the reactors' reply reader of %s stopped", replyTopic);
            failWaiting(failure);
        } finally {
            replies.close(Duration.ofSeconds(1));
        }
    }

    /** Every command waiting for an answer gives up now: sent again, with its key, it is answered as it was. */
    private void failWaiting(RuntimeException failure) {
        waiting.values().forEach(answer -> answer.completeExceptionally(
                new NoAnswerException("the reply reader cannot read " + replyTopic + ": " + failure, failure)));
    }

    private void awaitClose(Duration atMost) {
        try {
            closed.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Whether the reply topic is being read: the reader runs, and has not failed every poll for longer than {@code
     * annals.reactor.reply-reader-grace}. Liveness asks.
     */
    public boolean isReading() {
        Instant since = failingSince;
        return reader.isAlive() && (since == null || Duration.between(since, Instant.now()).compareTo(readerGrace) < 0);
    }

    /** Why the reader fails, while it does; null while it reads. */
    public String readerFailure() {
        return failingSince == null ? null : readerFailure;
    }

    private void deliver(ConsumerRecord<String, byte[]> reply) {
        if (reply.key() == null || reply.value() == null) {
            return;
        }
        CompletableFuture<CommandReply> answer = waiting.get(reply.key());
        if (answer == null) {
            return; // an answer to a command of another instance of this service, or one already given up
        }
        try {
            answer.complete(json.readValue(reply.value(), CommandReply.class));
        } catch (IOException | RuntimeException unreadable) {
            answer.completeExceptionally(new IllegalStateException("unreadable answer to command " + reply.key()
                    + ": " + unreadable, unreadable));
        }
    }

    @Override
    public void close() {
        running = false;
        closed.countDown();
        replies.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
