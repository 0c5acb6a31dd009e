package dev.annals.core.reply;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The command processor's answer to one command, the value of a record whose key is the command id, on {@code
 * annals.command-replies} (the gateway's) or on a consumer service's own reply topic (its reactors'). It is written
 * in the same Kafka transaction as the command's events, so a reader with {@code read_committed} never acts on
 * events that could still be rolled back. Part of the wire format, like the command and event codecs.
 *
 * @param version       the aggregate's version after the command (accepted, or rejected with recorded events), its
 *                      current version otherwise — 0 to a caller answered as if it did not exist — or
 *                      {@link #NO_VERSION} where the answer tells none
 * @param events        the events the command wrote: an acceptance's, or those a rejection recorded; empty otherwise
 * @param partition     partition of the commands topic the command was read from
 * @param commandOffset offset of the command there; with {@code partition} it makes the consistency token
 * @param reason        for anything but {@link Outcome#ACCEPTED}: a stable UPPER_SNAKE code
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandReply(
        Outcome outcome,
        String aggregateType,
        String aggregateId,
        long version,
        List<RecordedEvent> events,
        int partition,
        long commandOffset,
        String reason,
        String message) {

    /**
     * The reason of an {@link Outcome#UNAVAILABLE} answer to a keyed command whose caller's share of the idempotency
     * window is full: that caller's to wait out (the gateway answers 429), not everyone's.
     */
    public static final String IDEMPOTENCY_SHARE_FULL = "IDEMPOTENCY_SHARE_FULL";

    /**
     * The version of an answer that tells none: {@code ALREADY_EXISTS} (that an id is taken is the creator's to
     * know, how far its aggregate is not), or a failure with an unreadable snapshot.
     */
    public static final long NO_VERSION = -1;

    public static CommandReply accepted(String aggregateType, String aggregateId, long version,
                                        List<RecordedEvent> events, int partition, long commandOffset) {
        return new CommandReply(Outcome.ACCEPTED, aggregateType, aggregateId, version, List.copyOf(events), partition,
                commandOffset, null, null);
    }

    /**
     * A rejection that recorded events ({@link dev.annals.core.DomainRejection#recording}): they are in the log, and
     * {@code version} is the aggregate's after them.
     */
    public static CommandReply rejectedRecording(String reason, String message, String aggregateType,
                                                 String aggregateId, long version, List<RecordedEvent> events,
                                                 int partition, long commandOffset) {
        return new CommandReply(Outcome.REJECTED, aggregateType, aggregateId, version, List.copyOf(events), partition,
                commandOffset, reason, message);
    }

    public static CommandReply refused(Outcome outcome, String reason, String message, String aggregateType,
                                       String aggregateId, long version, int partition, long commandOffset) {
        return new CommandReply(outcome, aggregateType, aggregateId, version, List.of(), partition, commandOffset,
                reason, message);
    }
}
