package dev.annals.core.consistency;

import dev.annals.core.TypeName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a caller has written, as positions in the commands topics: {@code <type>:<partition>:<command offset>},
 * several joined by {@code ,} — e.g. {@code bank-account:3:1412,cart:0:77}.
 *
 * <p>Commands of one partition are processed in offset order and every event carries its command's offset, so a
 * projection whose checkpoint for {@code (type, partition)} has reached the offset has seen the write. A token
 * keeps one position per {@code (type, partition)}, the highest.
 */
public record ConsistencyToken(List<Position> positions) {

    /** Longest token accepted, so that a hostile header cannot make a server do unbounded work. */
    public static final int MAX_LENGTH = 4096;
    public static final int MAX_POSITIONS = 256;

    private static final Comparator<Position> ORDER =
            Comparator.comparing(Position::aggregateType).thenComparingInt(Position::partition);

    /** One aggregate type's commands partition and the offset of a command in it. */
    public record Position(String aggregateType, int partition, long commandOffset) {

        public Position {
            TypeName.require(aggregateType, "aggregateType");
            if (partition < 0) {
                throw new IllegalArgumentException("partition must be >= 0, not " + partition);
            }
            if (commandOffset < 0) {
                throw new IllegalArgumentException("commandOffset must be >= 0, not " + commandOffset);
            }
        }

        @Override
        public String toString() {
            return aggregateType + ":" + partition + ":" + commandOffset;
        }
    }

    public ConsistencyToken {
        if (positions.isEmpty()) {
            throw new IllegalArgumentException("a consistency token names at least one position");
        }
        if (positions.size() > MAX_POSITIONS) {
            throw new IllegalArgumentException("a consistency token names at most " + MAX_POSITIONS + " positions");
        }
        positions = highestPerPartition(positions);
    }

    public static ConsistencyToken of(String aggregateType, int partition, long commandOffset) {
        return new ConsistencyToken(List.of(new Position(aggregateType, partition, commandOffset)));
    }

    /**
     * Parses a token as found in an {@code Annals-Consistency-Token} header or {@code consistentWith} parameter.
     *
     * @throws MalformedConsistencyTokenException naming the part that is wrong and why
     */
    public static ConsistencyToken parse(String text) {
        if (text == null || text.isBlank()) {
            throw new MalformedConsistencyTokenException("the token is empty; expected <type>:<partition>:<offset>");
        }
        if (text.length() > MAX_LENGTH) {
            throw new MalformedConsistencyTokenException("the token is " + text.length()
                    + " characters long; at most " + MAX_LENGTH + " are accepted");
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_POSITIONS) {
            throw new MalformedConsistencyTokenException("the token has " + parts.length
                    + " positions; at most " + MAX_POSITIONS + " are accepted");
        }
        List<Position> positions = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            positions.add(parsePosition(parts[i].strip(), i + 1));
        }
        return new ConsistencyToken(positions);
    }

    private static Position parsePosition(String part, int number) {
        String[] fields = part.split(":", -1);
        if (fields.length != 3) {
            throw new MalformedConsistencyTokenException(at(part, number)
                    + "expected <type>:<partition>:<offset>, found " + fields.length + " field"
                    + (fields.length == 1 ? "" : "s"));
        }
        if (!TypeName.isValid(fields[0])) {
            throw new MalformedConsistencyTokenException(at(part, number) + "\"" + fields[0]
                    + "\" is not an aggregate type (lower-case kebab-case)");
        }
        return new Position(fields[0],
                (int) number(fields[1], "partition", Integer.MAX_VALUE, part, number),
                number(fields[2], "offset", Long.MAX_VALUE, part, number));
    }

    private static long number(String field, String what, long max, String part, int number) {
        if (field.isEmpty() || field.length() > 19 || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedConsistencyTokenException(at(part, number) + what + " \"" + field
                    + "\" is not a non-negative whole number");
        }
        try {
            long value = Long.parseLong(field);
            if (value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedConsistencyTokenException(at(part, number) + what + " " + field + " is too large");
        }
    }

    private static String at(String part, int number) {
        return "position " + number + " \"" + part + "\": ";
    }

    /** The positions of one aggregate type; empty when the token says nothing about it. */
    public List<Position> positionsOf(String aggregateType) {
        return positions.stream().filter(p -> p.aggregateType().equals(aggregateType)).toList();
    }

    /** A token covering both writes: per partition the higher offset. */
    public ConsistencyToken merge(ConsistencyToken other) {
        List<Position> all = new ArrayList<>(positions);
        all.addAll(other.positions);
        return new ConsistencyToken(all);
    }

    /** The text form; {@code parse(token.format())} equals {@code token}. */
    public String format() {
        return positions.stream().map(Position::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return format();
    }

    private static List<Position> highestPerPartition(List<Position> positions) {
        Map<Position, Position> highest = new TreeMap<>(ORDER);
        for (Position position : positions) {
            highest.merge(position, position,
                    (kept, candidate) -> candidate.commandOffset() > kept.commandOffset() ? candidate : kept);
        }
        return Collections.unmodifiableList(new ArrayList<>(highest.values()));
    }
}
