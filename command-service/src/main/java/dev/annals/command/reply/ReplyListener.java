package dev.annals.command.reply;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Collection;

/**
 * Consumes {@code annals.command-replies} (channel {@code command-replies}: a consumer group of its own per
 * instance, starting at the end, {@code read_committed}) and hands each reply to its waiter.
 */
@ApplicationScoped
public class ReplyListener {

    private final PendingReplies pending;

    ReplyListener(PendingReplies pending) {
        this.pending = pending;
    }

    @Incoming("command-replies")
    void onReply(ConsumerRecord<String, byte[]> reply) {
        if (reply.key() != null && reply.value() != null) {
            pending.deliver(reply.key(), reply.value());
        }
    }

    /**
     * Marks the gateway ready to send only once the reply consumer's position on every partition is fixed: a
     * reply written after that is read, one written before could be skipped by {@code auto.offset.reset=latest}.
     */
    @ApplicationScoped
    @Identifier("command-replies-positions")
    static class Positions implements KafkaConsumerRebalanceListener {

        private final PendingReplies pending;

        Positions(PendingReplies pending) {
            this.pending = pending;
        }

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            partitions.forEach(consumer::position);
            pending.listening(!partitions.isEmpty());
        }

        @Override
        public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            pending.listening(false);
        }
    }
}
