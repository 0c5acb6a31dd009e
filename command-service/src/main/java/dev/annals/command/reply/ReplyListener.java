package dev.annals.command.reply;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumes {@code annals.command-replies} (channel {@code command-replies}: a consumer group of its own per
 * instance, starting at the end, {@code read_committed}) and hands each reply to its waiter.
 */
@ApplicationScoped
public class ReplyListener {

    private final PendingReplies pending;
    private final Positions positions;

    ReplyListener(PendingReplies pending, @Identifier(Positions.NAME) Positions positions) {
        this.pending = pending;
        this.positions = positions;
    }

    @Incoming("command-replies")
    void onReply(ConsumerRecord<String, byte[]> reply) {
        if (reply.key() != null && reply.value() != null) {
            pending.deliver(reply.key(), reply.value());
        }
        positions.delivered(new TopicPartition(reply.topic(), reply.partition()), reply.offset());
    }

    /**
     * Where the reply consumer reads. The first time it is given a partition it starts at the end (nothing before
     * concerns a request of this instance) and the gateway is ready to send only once that position is fixed: a
     * reply written after it is read. Given a partition again after a rebalance — a coordinator that moved, a
     * session that expired — it resumes after the last reply it delivered: its group commits nothing, so
     * {@code auto.offset.reset=latest} would skip every reply written in between and answer applied commands 504.
     */
    @ApplicationScoped
    @Identifier(Positions.NAME)
    public static class Positions implements KafkaConsumerRebalanceListener {

        /** The name the channel's {@code consumer-rebalance-listener.name} gives. */
        static final String NAME = "command-replies-positions";

        private final PendingReplies pending;
        private final Map<TopicPartition, Long> resumeAt = new ConcurrentHashMap<>();

        Positions(PendingReplies pending) {
            this.pending = pending;
        }

        void delivered(TopicPartition partition, long offset) {
            resumeAt.merge(partition, offset + 1, Math::max);
        }

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                Long resume = resumeAt.get(partition);
                if (resume != null) {
                    consumer.seek(partition, resume);
                }
                resumeAt.put(partition, consumer.position(partition));
            }
            pending.listening(!partitions.isEmpty());
        }

        @Override
        public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            pending.listening(false);
        }
    }
}
