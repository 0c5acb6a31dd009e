package dev.annals.command.processor;

import dev.annals.core.envelope.EventHeaders;
import dev.annals.core.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Kafka Streams' production exception handler for the command processor: a record Kafka refuses for what it is
 * (too large, invalid for its topic) is attributed to its command in {@link FailedWrites}, and the transaction
 * fails (it must: continuing would commit a command's events without its snapshot, or the other way round). A
 * retriable error (no leader, not enough replicas) says nothing about the command: the task is retried, as by
 * default.
 *
 * <p>An event ({@code ce_commandid}) or a reply (its key) names its command. A snapshot, a remembered answer or
 * a dead letter names none; its size is learnt instead (see {@link FailedWrites}). The context's "record being
 * processed" is no help here: a refusal from the broker arrives on the producer's thread, while the stream thread
 * has moved on.
 */
public final class WriteFailureHandler implements ProductionExceptionHandler {

    private static final Logger LOG = Logger.getLogger(WriteFailureHandler.class);

    private FailedWrites failures;

    @Override
    public void configure(Map<String, ?> configs) {
        Object registry = configs.get(FailedWrites.CONFIG_KEY);
        if (!(registry instanceof FailedWrites given)) {
            throw new IllegalStateException(FailedWrites.CONFIG_KEY + " must hold the processor's FailedWrites");
        }
        failures = given;
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                     Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandlerResponse.RETRY;
        }
        if (!isTheRecordsFault(exception)) {
            // not the record's doing (a missing right, a producer that failed for an earlier record): no command
            // is to blame, and the processor stops here until the cause is fixed; readiness says so
            return ProductionExceptionHandlerResponse.FAIL;
        }
        String reason = exception.getClass().getSimpleName() + ": " + exception.getMessage();
        String commandId = commandIdOf(record);
        if (commandId != null) {
            failures.commandFailed(commandId, reason);
            LOG.errorf("Kafka refused a record of command %s in %s: %s; the transaction is aborted and the command "
                    + "will be answered as failed", commandId, record.topic(), reason);
        } else if (!(exception instanceof InvalidRecordException)) {
            int bytes = length(record.key()) + length(record.value());
            failures.tooLarge(record.topic(), bytes, reason);
            LOG.errorf("Kafka refused a record of %d bytes in %s: %s; the transaction is aborted, and commands that "
                    + "would write as much there will be answered as failed (is the topic's max.message.bytes below "
                    + "the processor's limits?)", bytes, record.topic(), reason);
        }
        return ProductionExceptionHandlerResponse.FAIL;
    }

    /** The processor's serdes are byte arrays and strings, which cannot fail; anything else is a bug to stop at. */
    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(
            ErrorHandlerContext context, ProducerRecord record, Exception exception,
            SerializationExceptionOrigin origin) {
        LOG.errorf(exception, "cannot serialize a record for %s", record.topic());
        return ProductionExceptionHandlerResponse.FAIL;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** The record itself was refused: too large, or not acceptable to its topic (a compacted topic's null key). */
    private static boolean isTheRecordsFault(Exception exception) {
        return exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException
                || exception instanceof InvalidRecordException;
    }

    private static String commandIdOf(ProducerRecord<byte[], byte[]> record) {
        if (Topics.COMMAND_REPLIES.equals(record.topic()) && record.key() != null) {
            return new String(record.key(), StandardCharsets.UTF_8);
        }
        Header header = record.headers() == null ? null : record.headers().lastHeader(EventHeaders.COMMAND_ID);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
