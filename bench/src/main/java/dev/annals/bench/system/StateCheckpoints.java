package dev.annals.bench.system;

import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The changelog offsets Kafka Streams wrote into a state directory's {@code .checkpoint} files when it closed its
 * tasks cleanly: where a restart on that directory resumes each store's restore. Under exactly-once they are written
 * on a clean close only, and only for persistent stores; a store without one is restored from the beginning.
 */
public record StateCheckpoints(Map<TopicPartition, Long> offsets) {

    private static final String FILE_NAME = ".checkpoint";

    public StateCheckpoints {
        offsets = Map.copyOf(offsets);
    }

    /** Every checkpoint under {@code stateDirectory}; none if it does not exist. */
    public static StateCheckpoints in(Path stateDirectory) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (!Files.isDirectory(stateDirectory)) {
            return new StateCheckpoints(offsets);
        }
        try (Stream<Path> files = Files.walk(stateDirectory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().equals(FILE_NAME)).toList()) {
                read(file, offsets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoints in " + stateDirectory, e);
        }
        return new StateCheckpoints(offsets);
    }

    /** Kafka Streams' OffsetCheckpoint: a version line, a count line, then "topic partition offset" per line. */
    private static void read(Path file, Map<TopicPartition, Long> offsets) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 3) {
                long offset = Long.parseLong(fields[2]);
                if (offset >= 0) { // negative: a sentinel for "no offset known", restored from the beginning
                    offsets.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), offset);
                }
            }
        }
    }

    /**
     * The changelog offsets a restart on this directory still restores: for each partition from its checkpoint, or
     * from its start without one, to its end.
     */
    public long offsetsToRestore(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
        long left = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            long start = starts.getOrDefault(end.getKey(), 0L);
            long from = Math.max(start, offsets.getOrDefault(end.getKey(), start));
            left += Math.max(0, end.getValue() - from);
        }
        return left;
    }
}
