package dev.annals.consumer.runtime.reactor;

import dev.annals.consumer.runtime.loop.BatchEntry;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reactor's events between their poll and their checkpoint: handed to their reactions (pending), or reacted to
 * and recorded but not yet below the checkpoint (finished, behind a pending one of their partition). A partition's
 * checkpoint may move to its first pending event, or to where its last poll ended when none is pending: an event
 * is passed by the checkpoint only once its reaction is recorded, whatever the order reactions finish in.
 */
final class InFlight {

    /** What the next checkpoint write moves: each partition's new position, and the events it passes. */
    record Passed(Map<TopicPartition, Long> positions, List<BatchEntry> entries) {
        boolean isEmpty() {
            return positions.isEmpty();
        }
    }

    private final Map<TopicPartition, TreeMap<Long, BatchEntry>> pending = new HashMap<>();
    private final Map<TopicPartition, TreeMap<Long, BatchEntry>> finished = new HashMap<>();
    private final Map<TopicPartition, Long> polledTo = new HashMap<>();
    private final Map<TopicPartition, Long> written = new HashMap<>();
    private int size;

    /** Where the consumer stands in each partition after a poll (or where it was sought back to). */
    synchronized void polled(Map<TopicPartition, Long> positions) {
        polledTo.putAll(positions);
    }

    synchronized boolean isPending(BatchEntry entry) {
        TreeMap<Long, BatchEntry> of = pending.get(entry.partition());
        return of != null && of.containsKey(entry.offset());
    }

    synchronized void add(List<BatchEntry> entries) {
        for (BatchEntry entry : entries) {
            if (pending.computeIfAbsent(entry.partition(), p -> new TreeMap<>()).put(entry.offset(), entry) == null) {
                size++;
            }
        }
    }

    /**
     * Whether this very entry (not one read again at its offset after a rebalance gave its partition back) is still
     * waiting for its reaction.
     */
    synchronized boolean isCurrent(BatchEntry entry) {
        TreeMap<Long, BatchEntry> of = pending.get(entry.partition());
        return of != null && of.get(entry.offset()) == entry;
    }

    /**
     * Reactions recorded (or their events held, or dead-lettered and parked): the checkpoint may pass them. An entry
     * read again since (its partition revoked and given back) stays pending: its own chain finishes it.
     */
    synchronized void finished(List<BatchEntry> entries) {
        for (BatchEntry entry : entries) {
            TreeMap<Long, BatchEntry> of = pending.get(entry.partition());
            if (of != null && of.get(entry.offset()) == entry && of.remove(entry.offset()) != null) {
                if (finished.computeIfAbsent(entry.partition(), p -> new TreeMap<>()).put(entry.offset(), entry)
                        != null) {
                    size--; // read again and finished before: held once
                }
            }
        }
        notifyAll();
    }

    /** Partitions this instance no longer holds: their reactions go on (recorded once), their checkpoints not here. */
    synchronized void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            TreeMap<Long, BatchEntry> of = pending.remove(partition);
            size -= of == null ? 0 : of.size();
            TreeMap<Long, BatchEntry> done = finished.remove(partition);
            size -= done == null ? 0 : done.size();
            polledTo.remove(partition);
            written.remove(partition);
        }
        notifyAll();
    }

    /**
     * Events held here: pending, and finished but not yet passed by their partition's checkpoint (behind a pending
     * one). Both count against {@code annals.reactor.max-in-flight}: one slow aggregate that holds a checkpoint
     * back must not let the events after it pile up without bound, nor a restart's re-read grow with them.
     */
    synchronized int size() {
        return size;
    }

    /** Waits until fewer than {@code limit} events are held, or {@code atMost} passed. */
    synchronized void awaitBelow(int limit, Duration atMost) throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        while (size >= limit) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** How far each partition's checkpoint may move now, and the recorded events it passes; taken as written. */
    synchronized Passed take() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        List<BatchEntry> entries = new ArrayList<>();
        for (var polled : polledTo.entrySet()) {
            TopicPartition partition = polled.getKey();
            TreeMap<Long, BatchEntry> waiting = pending.get(partition);
            long position = waiting == null || waiting.isEmpty() ? polled.getValue()
                    : Math.min(waiting.firstKey(), polled.getValue());
            Long before = written.get(partition);
            if (before != null && position <= before) {
                continue;
            }
            TreeMap<Long, BatchEntry> done = finished.get(partition);
            if (done != null) {
                var passed = done.headMap(position);
                entries.addAll(passed.values());
                size -= passed.size();
                passed.clear();
            }
            positions.put(partition, position);
            written.put(partition, position);
        }
        return new Passed(positions, entries);
    }
}
