package dev.annals.consumer.runtime.loop;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts polls into batches at command boundaries, so that no reader ever sees half a command — an order book with
 * 101 resting bids between an {@code OrderRested} and its {@code OrderDropped}.
 *
 * <p>A poll that stops inside a command leaves that command's events for the next batch (the consumer is sought
 * back to its first event). {@code max.poll.records} is shared by the partitions of a poll, so the last partition
 * of one often gets only the first events of a command: when a partition's records hold no command end at all, the
 * next poll reads that partition alone (every other one paused), where a command that fits a poll is whole. Only a
 * command with more events than a poll of its partition alone holds is applied across transactions; its offset is
 * then reached with its last event (see {@link BatchEntry}), and a rebuild does not swap while a partition stands
 * inside it.
 */
public final class CommandBoundaries {

    private final EventDecoder decoder;
    private final int batchSize;
    private final Positions positions;
    /** The partition the last poll read alone (every other one paused), to find the end of a command in it. */
    private TopicPartition polledAlone;
    /** The partitions whose last applied event did not end its command (one larger than a poll). */
    private final Set<TopicPartition> insideCommand = new HashSet<>();

    CommandBoundaries(EventDecoder decoder, int batchSize, Positions positions) {
        this.decoder = decoder;
        this.batchSize = batchSize;
        this.positions = positions;
    }

    /** The polled records as one transaction's batch, each partition ending at a command's last event. */
    Batch cut(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
        TopicPartition alone = polledAlone;
        if (alone != null) {
            consumer.resume(consumer.paused());
            polledAlone = null;
        }
        List<BatchEntry> entries = new ArrayList<>(records.count());
        Map<TopicPartition, Long> heldBack = new HashMap<>();
        TopicPartition readAloneNext = null;
        for (TopicPartition partition : records.partitions()) {
            List<BatchEntry> slice = records.records(partition).stream().map(decoder::decode).toList();
            int whole = wholeCommands(slice);
            boolean largerThanAPoll = whole == 0 && (partition.equals(alone) || slice.size() >= batchSize);
            if (whole < slice.size() && !largerThanAPoll) {
                heldBack.put(partition, slice.get(whole).offset());
                consumer.seek(partition, slice.get(whole).offset());
                slice = slice.subList(0, whole);
                if (whole == 0 && readAloneNext == null) {
                    readAloneNext = partition;
                }
            }
            entries.addAll(slice);
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            long position = heldBack.getOrDefault(partition, consumer.position(partition));
            Long known = positions.of(partition);
            if (!records.records(partition).isEmpty() || known == null || position > known) {
                next.put(partition, position);
            }
        }
        if (readAloneNext != null) {
            Set<TopicPartition> others = new HashSet<>(consumer.assignment());
            others.remove(readAloneNext);
            consumer.pause(others);
            polledAlone = readAloneNext;
        }
        return new Batch(entries, next);
    }

    /** How many of a partition's entries end at a command's last event: up to the last such one, 0 if none does. */
    private static int wholeCommands(List<BatchEntry> slice) {
        for (int end = slice.size(); end > 0; end--) {
            if (slice.get(end - 1).endsItsCommand()) {
                return end;
            }
        }
        return 0;
    }

    /** Notes which partitions now stand inside a command (the batch's last applied event not its command's last). */
    void applied(Batch batch) {
        Map<TopicPartition, BatchEntry> lastOf = new HashMap<>();
        batch.entries().forEach(entry -> lastOf.put(entry.partition(), entry));
        lastOf.forEach((partition, last) -> {
            if (last.endsItsCommand()) {
                insideCommand.remove(partition);
            } else {
                insideCommand.add(partition);
            }
        });
    }

    /** Whether some partition stands inside a command larger than a poll: a generation must not go in service so. */
    public boolean insideACommand() {
        return !insideCommand.isEmpty();
    }

    /**
     * The partitions changed (a rebalance, a rebuild's new partition): the next poll is not one partition's alone,
     * and none stays paused for it — a cooperative rebalance keeps a partition it does not move paused as it was.
     */
    public void reassigned(KafkaConsumer<String, byte[]> consumer) {
        polledAlone = null;
        consumer.resume(consumer.paused());
    }

    void revoked(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
        reassigned(consumer);
        insideCommand.removeAll(partitions);
    }

    /** The entries in runs of one command each: consecutive entries of a partition with the same command offset. */
    public static List<List<BatchEntry>> commands(List<BatchEntry> entries) {
        List<List<BatchEntry>> commands = new ArrayList<>();
        List<BatchEntry> current = new ArrayList<>();
        for (BatchEntry entry : entries) {
            if (!current.isEmpty()) {
                BatchEntry previous = current.getLast();
                if (!previous.partition().equals(entry.partition()) || previous.endsItsCommand()
                        || previous.commandOffset() != entry.commandOffset()) {
                    commands.add(current);
                    current = new ArrayList<>();
                }
            }
            current.add(entry);
        }
        if (!current.isEmpty()) {
            commands.add(current);
        }
        return commands;
    }

    /** Each partition's last command all of whose events are in {@code entries}. */
    public static Map<TopicPartition, Long> commandOffsets(List<BatchEntry> entries) {
        Map<TopicPartition, Long> commandOffsets = new HashMap<>();
        entries.stream().filter(BatchEntry::endsItsCommand).forEach(entry ->
                commandOffsets.merge(entry.partition(), entry.commandOffset(), Math::max));
        return commandOffsets;
    }
}
