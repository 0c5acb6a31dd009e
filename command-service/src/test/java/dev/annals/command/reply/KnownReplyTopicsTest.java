package dev.annals.command.reply;

import dev.annals.core.topic.Topics;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.kafka.KafkaClients;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which reply topics the processor answers on, against a real broker. The listing is made to run once only (its
 * interval is an hour), so a topic made after it is found by the look-up a command naming it causes, or not at
 * all: a consumer service that makes its topic and sends its first command at once is answered on its topic, not
 * on the shared one after its reply timeout.
 */
class KnownReplyTopicsTest {

    private static final Duration NEVER_AGAIN = Duration.ofHours(1);

    private KnownReplyTopics topics;

    @AfterEach
    void stop() {
        if (topics != null) {
            topics.stop(null);
        }
    }

    @Test
    void a_topic_made_after_the_listing_is_answered_on_at_the_first_command_naming_it() throws Exception {
        String listed = replyTopic();
        create(listed);
        topics = started(Duration.ZERO);
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.known().contains(listed));

        String madeAfter = replyTopic();
        create(madeAfter);

        assertThat(topics.exists(madeAfter)).as("looked up at once, not at the next listing").isTrue();
        assertThat(topics.known()).contains(listed, madeAfter);
    }

    @Test
    void a_topic_that_is_not_there_is_not_answered_on_and_look_ups_are_spaced() throws Exception {
        topics = started(NEVER_AGAIN);
        String missing = replyTopic();

        assertThat(topics.exists(missing)).as("no such topic").isFalse();
        create(missing);
        assertThat(topics.exists(missing)).as("within the spacing of the first look-up: not asked again").isFalse();
        assertThat(topics.exists("annals.command-replies")).as("not a service's reply topic").isFalse();
    }

    private static KnownReplyTopics started(Duration lookUpSpacing) {
        KnownReplyTopics topics = new KnownReplyTopics(KafkaClients.of(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), "known-reply-topics-test"),
                NEVER_AGAIN, lookUpSpacing);
        topics.start(new StartupEvent());
        return topics;
    }

    private static String replyTopic() {
        String topic = Topics.REPLIES_PREFIX + "svc-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(Topics.isServiceReplies(topic)).isTrue();
        return topic;
    }

    private static void create(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static String bootstrap() {
        return SharedInfrastructure.endpoints().kafkaBootstrapServers();
    }
}
