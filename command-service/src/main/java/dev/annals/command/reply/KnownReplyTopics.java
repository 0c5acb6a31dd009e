package dev.annals.command.reply;

import dev.annals.command.processor.ReplyTopics;
import dev.annals.core.topic.Topics;
import dev.annals.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The reply topics of the consumer services, as Kafka lists them, read at start and every {@link #REFRESH} after.
 *
 * <p>A name not known yet is looked up at once, on the processor's thread, before its command is answered: a
 * service that has just made its topic (as one does at its first start) sends its first command at once, and
 * waiting for the next listing would answer it on the shared topic, where the service does not read — its reactor
 * would then wait out its reply timeout and send again. Those look-ups are spaced {@link #LOOK_UP_SPACING} apart
 * and bounded by {@link #LOOK_UP_TIMEOUT}, so a command naming a topic that never comes cannot stall a partition
 * for long: it is answered on the shared topic, and its sender, timing out, sends again with the same idempotency
 * key and gets the first answer on its own topic once the topic is known. Nothing is lost, only late.
 */
@Singleton
public class KnownReplyTopics implements ReplyTopics {

    private static final Logger LOG = Logger.getLogger(KnownReplyTopics.class);
    static final Duration REFRESH = Duration.ofSeconds(5);
    static final Duration LOOK_UP_SPACING = Duration.ofSeconds(1);
    static final Duration LOOK_UP_TIMEOUT = Duration.ofMillis(500);

    private final KafkaClients kafka;
    private final Duration refresh;
    private final Duration lookUpSpacing;
    private final AtomicReference<Set<String>> known = new AtomicReference<>(Set.of());
    private final AtomicLong lastLookUp;
    private ScheduledExecutorService refresher;
    private Admin admin;

    @Inject
    KnownReplyTopics(KafkaClients kafka) {
        this(kafka, REFRESH, LOOK_UP_SPACING);
    }

    /** With other intervals: a test makes them so long that nothing but what it tests can happen in between. */
    KnownReplyTopics(KafkaClients kafka, Duration refresh, Duration lookUpSpacing) {
        this.kafka = kafka;
        this.refresh = refresh;
        this.lookUpSpacing = lookUpSpacing;
        this.lastLookUp = new AtomicLong(System.nanoTime() - lookUpSpacing.toNanos());
    }

    void start(@Observes StartupEvent start) {
        admin = Admin.create(kafka.config("reply-topics", Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFRESH.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REFRESH.toMillis())));
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "annals-reply-topics");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public boolean exists(String topic) {
        return known.get().contains(topic) || lookUp(topic);
    }

    /** Whether Kafka has the topic now; false without asking when another look-up was made less than a spacing ago. */
    private boolean lookUp(String topic) {
        long now = System.nanoTime();
        long last = lastLookUp.get();
        if (admin == null || !Topics.isServiceReplies(topic) || now - last < lookUpSpacing.toNanos()
                || !lastLookUp.compareAndSet(last, now)) {
            return false;
        }
        try {
            admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) LOOK_UP_TIMEOUT.toMillis()))
                    .allTopicNames().get(LOOK_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            add(topic);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                LOG.debugf("%s could not be looked up now: %s", topic, e.getCause().toString());
            }
            return false;
        } catch (Exception e) {
            LOG.debugf("%s could not be looked up now: %s", topic, e.toString());
            return false;
        }
    }

    /**
     * Adds a topic found by a look-up. A listing that began before it may still replace the set without it; the
     * next command naming it then looks it up again, no harm but one look-up.
     */
    /** The topics known without a look-up: the last listing's and those looked up since. */
    Set<String> known() {
        return known.get();
    }

    private void add(String topic) {
        Set<String> now = known.updateAndGet(topics -> {
            Set<String> more = new HashSet<>(topics);
            more.add(topic);
            return Set.copyOf(more);
        });
        LOG.infof("answering the commands of consumer services on %s", now);
    }

    private void refresh() {
        try {
            Set<String> listed = admin.listTopics(new ListTopicsOptions().timeoutMs((int) REFRESH.toMillis()))
                    .names().get(REFRESH.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(Topics::isServiceReplies).collect(Collectors.toUnmodifiableSet());
            if (!listed.equals(known.getAndSet(listed))) {
                LOG.infof("answering the commands of consumer services on %s", listed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // keep what is known: a topic once seen is not deleted by a broker that did not answer
            LOG.debugf("the reply topics could not be listed now: %s", e.toString());
        }
    }
}
