package dev.annals.query.stream;

import dev.annals.query.journal.JournalEntry;
import dev.annals.query.web.ProblemException;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a client is in the stream of a whole aggregate type, as its SSE id says: for each partition of the type's
 * events topic, the offset of the last event it has. The journal delivers a partition's events in offset order, so
 * this is exactly what the client has seen — in any generation of the journal. A rebuild renumbers the journal's
 * positions, not the events' places in the log, so a stream (or a resume) across a rebuild neither repeats nor
 * skips an event. Rows journaled before their place was recorded are counted by journal position instead
 * ({@code unlogged}); a rebuild records theirs too.
 *
 * <p>{@code floor} and {@code generation} are the server's: the journal position below which nothing is left to
 * send, in that generation. When the generation changes, the floor is found again from the offsets.
 *
 * <p>The id is {@code <partition>:<offset>} for each partition, sorted, joined by commas, and {@code u:<position>}
 * for unlogged rows; {@code 0} when nothing was seen.
 */
record TypeCursor(SortedMap<Integer, Long> offsets, long unlogged, long floor, int generation) {

    static final int UNKNOWN_GENERATION = -1;
    private static final int MAX_ID_LENGTH = 8192;
    private static final int MAX_PARTITIONS = 10_000;
    private static final Pattern ENTRY = Pattern.compile("(0|[1-9][0-9]{0,8}):(0|[1-9][0-9]{0,17})");
    private static final Pattern UNLOGGED = Pattern.compile("u:(0|[1-9][0-9]{0,17})");

    TypeCursor {
        offsets = new TreeMap<>(offsets);
    }

    /** Nothing seen: the stream starts at the beginning of the journal. */
    static TypeCursor beginning() {
        return new TypeCursor(new TreeMap<>(), -1, 0, UNKNOWN_GENERATION);
    }

    /** Whether the client has this entry already. */
    boolean covers(JournalEntry entry) {
        if (entry.logPartition() == null) {
            return entry.position() <= unlogged;
        }
        Long seen = offsets.get(entry.logPartition());
        return seen != null && entry.logOffset() <= seen;
    }

    /** The cursor once the client has {@code entry}, or has had it already. */
    TypeCursor after(JournalEntry entry) {
        long floorAfter = Math.max(floor, entry.position());
        if (covers(entry)) {
            return new TypeCursor(offsets, unlogged, floorAfter, generation);
        }
        if (entry.logPartition() == null) {
            return new TypeCursor(offsets, entry.position(), floorAfter, generation);
        }
        SortedMap<Integer, Long> next = new TreeMap<>(offsets);
        next.put(entry.logPartition(), entry.logOffset());
        return new TypeCursor(next, unlogged, floorAfter, generation);
    }

    TypeCursor at(long newFloor, int newGeneration) {
        return new TypeCursor(offsets, unlogged, newFloor, newGeneration);
    }

    /** The SSE id: what the client has seen. */
    String id() {
        StringBuilder id = new StringBuilder();
        for (Map.Entry<Integer, Long> seen : offsets.entrySet()) {
            id.append(id.isEmpty() ? "" : ",").append(seen.getKey()).append(':').append(seen.getValue());
        }
        if (unlogged >= 0) {
            id.append(id.isEmpty() ? "" : ",").append("u:").append(unlogged);
        }
        return id.isEmpty() ? "0" : id.toString();
    }

    /**
     * A client's {@code Last-Event-ID} as a cursor of an unknown generation, or null when it is a plain journal
     * position (the ids of earlier versions), which only the journal can translate.
     *
     * @throws ProblemException 400 {@code INVALID_PARAMETER} when it is neither
     */
    static TypeCursor parse(String lastEventId) {
        String id = lastEventId.strip();
        if (id.equals("0")) {
            return beginning();
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw invalid("is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.chars().allMatch(Character::isDigit) && !id.isEmpty()) {
            return null;
        }
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        long unlogged = -1;
        for (String part : id.split(",", -1)) {
            Matcher entry = ENTRY.matcher(part);
            Matcher old = UNLOGGED.matcher(part);
            if (entry.matches()) {
                if (offsets.put(Integer.parseInt(entry.group(1)), Long.parseLong(entry.group(2))) != null) {
                    throw invalid("names partition " + entry.group(1) + " twice");
                }
            } else if (old.matches() && unlogged < 0) {
                unlogged = Long.parseLong(old.group(1));
            } else {
                throw invalid("is not an id this stream gave: <partition>:<offset>, comma-separated");
            }
            if (offsets.size() > MAX_PARTITIONS) {
                throw invalid("names more than " + MAX_PARTITIONS + " partitions");
            }
        }
        return new TypeCursor(offsets, unlogged, 0, UNKNOWN_GENERATION);
    }

    private static ProblemException invalid(String why) {
        return ProblemException.badRequest("INVALID_PARAMETER", EventStreams.LAST_EVENT_ID + " " + why);
    }
}
