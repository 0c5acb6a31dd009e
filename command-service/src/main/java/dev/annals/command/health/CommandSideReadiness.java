package dev.annals.command.health;

import dev.annals.command.processor.CommandProcessor;
import dev.annals.command.reply.PendingReplies;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the command processor's Kafka Streams instance is RUNNING, none of its active tasks is still restoring
 * its aggregates ({@code RestoringStores}), and the gateway receives replies. While a rebalance or a restore is
 * under way it is not ready.
 */
@Readiness
@Singleton
public class CommandSideReadiness implements HealthCheck {

    private final CommandProcessor processor;
    private final PendingReplies replies;

    CommandSideReadiness(CommandProcessor processor, PendingReplies replies) {
        this.processor = processor;
        this.replies = replies;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = processor.state();
        return HealthCheckResponse.named("annals-command-side")
                .status(processor.ready() && replies.isListening())
                .withData("processor", state.name())
                .withData("restoringPartitions", processor.restoringPartitions())
                .withData("activeTasks", processor.activeTasks())
                .withData("receivingReplies", replies.isListening())
                .withData("waitingForReplies", replies.size())
                .build();
    }
}
