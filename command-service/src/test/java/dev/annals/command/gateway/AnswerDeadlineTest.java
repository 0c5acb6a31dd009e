package dev.annals.command.gateway;

import dev.annals.command.reply.PendingReplies;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.reply.CommandReply;
import dev.annals.kafka.KafkaClients;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reply timeout bounds the whole answer, a slow send included: the clock starts before the command is sent. A
 * send that waits for the broker's metadata (up to the send timeout) used to come on top of a full reply timeout.
 */
class AnswerDeadlineTest {

    private static final Duration REPLY_TIMEOUT = Duration.ofMillis(1_500);
    private static final Duration SEND_TIMEOUT = Duration.ofMillis(1_500);

    private static final Tracer NO_TRACES = OpenTelemetry.noop().getTracer("test");

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void a_send_that_takes_long_is_part_of_the_reply_timeout() throws Exception {
        CommandGateway gateway = new CommandGateway(new SlowSender(SEND_TIMEOUT), new ListeningReplies(),
                config(REPLY_TIMEOUT, SEND_TIMEOUT), vertx, NO_TRACES);
        long started = System.nanoTime();

        CompletionStage<CommandReply> answer = gateway.submit(command());

        assertThatThrownBy(() -> answer.toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ProblemException.class)
                .extracting(failure -> ((ProblemException) failure).problem().code()).isEqualTo("REPLY_TIMEOUT");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("the reply timeout, not send time plus reply timeout")
                .isLessThan(SEND_TIMEOUT.plus(REPLY_TIMEOUT));
    }

    @Test
    void a_send_timeout_longer_than_the_reply_timeout_is_refused_at_start_up() {
        assertThatThrownBy(() -> new CommandGateway(new SlowSender(Duration.ZERO), new ListeningReplies(),
                config(Duration.ofSeconds(2), Duration.ofSeconds(5)), vertx, NO_TRACES))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("annals.gateway.reply-timeout");
    }

    private static CommandEnvelope command() {
        String id = UUID.randomUUID().toString();
        return new CommandEnvelope(id, "bank-account", "acc-1", "deposit", Optional.empty(), OptionalLong.empty(), id,
                "ann", "{\"amount\":1}".getBytes(StandardCharsets.UTF_8));
    }

    /** A broker whose metadata takes the whole send timeout to arrive; the command is taken, no reply ever comes. */
    private static final class SlowSender extends CommandSender {
        private final Duration blocked;

        SlowSender(Duration blocked) {
            super(KafkaClients.of(Map.of("bootstrap.servers", "127.0.0.1:1"), "deadline-test"),
                    config(REPLY_TIMEOUT, SEND_TIMEOUT));
            this.blocked = blocked;
        }

        @Override
        public CompletableFuture<RecordMetadata> send(CommandEnvelope command) {
            try {
                Thread.sleep(blocked.toMillis()); // what KafkaProducer.send does while it waits for metadata
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CompletableFuture<>();
        }
    }

    private static final class ListeningReplies extends PendingReplies {
        @Override
        public boolean isListening() {
            return true;
        }
    }

    private static GatewayConfig config(Duration replyTimeout, Duration sendTimeout) {
        return new GatewayConfig() {
            public Duration replyTimeout() {
                return replyTimeout;
            }

            public Duration sendTimeout() {
                return sendTimeout;
            }

            public MemorySize maxBodySize() {
                return new MemorySize(java.math.BigInteger.valueOf(65_536));
            }

            public Optional<String> readBaseUrl() {
                return Optional.empty();
            }

            public Duration retryAfter() {
                return Duration.ofSeconds(2);
            }

            public String idSecret() {
                return "a test's secret, never a deployment's: 32 characters or more";
            }
        };
    }
}
