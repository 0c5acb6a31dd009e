package dev.annals.command.reply;

import dev.annals.command.processor.ReplyTopics;
import dev.annals.core.topic.Topics;
import dev.annals.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The reply topics of the consumer services, as Kafka lists them, read at start and every {@link #REFRESH} after:
 * a service that starts later is answered on its own topic within seconds. Until then its reactors' commands are
 * answered on the shared topic, where the service does not read; its reactor times out and sends again with the
 * same idempotency key, and gets the first answer, now on its topic. Nothing is lost, only late.
 */
@Singleton
public class KnownReplyTopics implements ReplyTopics {

    private static final Logger LOG = Logger.getLogger(KnownReplyTopics.class);
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final KafkaClients kafka;
    private volatile Set<String> known = Set.of();
    private ScheduledExecutorService refresher;
    private Admin admin;

    KnownReplyTopics(KafkaClients kafka) {
        this.kafka = kafka;
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
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
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
        return known.contains(topic);
    }

    private void refresh() {
        try {
            Set<String> listed = admin.listTopics(new ListTopicsOptions().timeoutMs((int) REFRESH.toMillis()))
                    .names().get(REFRESH.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(Topics::isServiceReplies).collect(Collectors.toUnmodifiableSet());
            if (!listed.equals(known)) {
                LOG.infof("answering the commands of consumer services on %s", listed);
            }
            known = listed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // keep what is known: a topic once seen is not deleted by a broker that did not answer
            LOG.debugf("the reply topics could not be listed now: %s", e.toString());
        }
    }
}
