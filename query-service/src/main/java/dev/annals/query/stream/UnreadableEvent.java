package dev.annals.query.stream;

import dev.annals.core.problem.Problem;

import java.time.Instant;

/**
 * The data of an SSE named {@code annals.unreadable}: an event of the stream this service cannot show (a type it
 * does not know, data that no longer fits its record), where it is in the history, and why.
 */
public record UnreadableEvent(String aggregateType, String aggregateId, long version, String type, Instant time,
                              Problem problem) {
}
