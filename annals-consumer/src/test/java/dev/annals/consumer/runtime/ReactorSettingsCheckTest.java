package dev.annals.consumer.runtime;

import dev.annals.consumer.runtime.reactor.ReactorSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reactor settings that cannot work stop the start, named. */
class ReactorSettingsCheckTest {

    record Settings(int concurrency, Duration reactionTimeout, Duration replyTimeout, int maxInFlight)
            implements ReactorSettings {

        Settings(int concurrency, Duration reactionTimeout, Duration replyTimeout) {
            this(concurrency, reactionTimeout, replyTimeout, 2000);
        }

        public Optional<String> principal() {
            return Optional.empty();
        }

        public Optional<Set<String>> roles() {
            return Optional.empty();
        }

        public Optional<String> replyTopic() {
            return Optional.empty();
        }

        public Duration replyReaderGrace() {
            return Duration.ofSeconds(60);
        }

        public boolean createReplyTopic() {
            return true;
        }

        public short replyReplicationFactor() {
            return 3;
        }

        public short replyMinInsyncReplicas() {
            return 2;
        }
    }

    @Test
    void the_defaults_are_usable() {
        assertThatCode(() -> Consumers.requireUsable(new Settings(16, Duration.ofSeconds(30),
                Duration.ofSeconds(10)))).doesNotThrowAnyException();
    }

    @Test
    void no_concurrency_is_refused() {
        assertThatThrownBy(() -> Consumers.requireUsable(new Settings(0, Duration.ofSeconds(30),
                Duration.ofSeconds(10)))).hasMessageContaining("annals.reactor.concurrency");
    }

    @Test
    void no_events_in_flight_is_refused() {
        assertThatThrownBy(() -> Consumers.requireUsable(new Settings(16, Duration.ofSeconds(30),
                Duration.ofSeconds(10), 0))).hasMessageContaining("annals.reactor.max-in-flight");
    }

    @Test
    void a_reaction_timeout_no_longer_than_a_reply_timeout_is_refused() {
        assertThatThrownBy(() -> Consumers.requireUsable(new Settings(16, Duration.ofSeconds(10),
                Duration.ofSeconds(10)))).hasMessageContaining("annals.reactor.reaction-timeout");
    }
}
