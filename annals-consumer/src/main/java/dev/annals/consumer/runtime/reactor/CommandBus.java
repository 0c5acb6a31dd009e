package dev.annals.consumer.runtime.reactor;

import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.reply.CommandReply;
import io.smallrye.mutiny.Uni;

import java.util.Set;

/**
 * Where a reactor's commands go and their answers come from: the commands topics and the service's reply topic
 * ({@link KafkaCommandBus}), or a test fixture's record of them.
 */
public interface CommandBus {

    /**
     * Sends a command and answers the processor's reply. Fails with {@link NoAnswerException} when Kafka did not
     * take it or no answer came in time: then it may or may not be applied, and sending it again with the same
     * idempotency key is safe.
     */
    Uni<CommandReply> send(CommandEnvelope command);

    /** The topic this service's commands are answered on. */
    String replyTopic();

    /** Who the service's commands are from, and their roles. */
    String principal();

    Set<String> roles();

    /** No answer (yet): transient, retried for as long as it takes, like a database that is away. */
    final class NoAnswerException extends RuntimeException {
        public NoAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
