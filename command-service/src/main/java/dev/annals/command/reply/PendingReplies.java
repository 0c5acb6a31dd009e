package dev.annals.command.reply;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.json.DomainJson;
import dev.annals.core.reply.CommandReply;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The commands this gateway instance has sent and still waits for, by command id. Every instance reads every
 * reply; an instance completes the ones it is waiting for and ignores the rest (they belong to another instance,
 * or to a request that already timed out).
 */
@Singleton
public class PendingReplies {

    private static final Logger LOG = Logger.getLogger(PendingReplies.class);

    private final ConcurrentMap<String, CompletableFuture<CommandReply>> waiting = new ConcurrentHashMap<>();
    private final ObjectMapper json = DomainJson.newMapper();
    private volatile boolean listening;

    /** Registers a command before it is sent, so that even the fastest reply finds its waiter. */
    public CompletableFuture<CommandReply> expect(String commandId) {
        CompletableFuture<CommandReply> reply = new CompletableFuture<>();
        waiting.put(commandId, reply);
        reply.whenComplete((outcome, failure) -> waiting.remove(commandId, reply));
        return reply;
    }

    void deliver(String commandId, byte[] value) {
        CompletableFuture<CommandReply> reply = waiting.get(commandId);
        if (reply == null) {
            return;
        }
        try {
            reply.complete(json.readValue(value, CommandReply.class));
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "unreadable reply to command %s", commandId);
            reply.completeExceptionally(e);
        }
    }

    /** Whether replies written from now on will be seen: the reply consumer holds its partitions. */
    public boolean isListening() {
        return listening;
    }

    void listening(boolean listening) {
        this.listening = listening;
    }

    public int size() {
        return waiting.size();
    }
}
