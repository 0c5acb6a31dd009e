package dev.annals.core;

import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * What a {@link CommandCompletion} may draw on: the only clock, the only randomness and the only caller a domain ever sees,
 * used once in the gateway and never during a replay.
 */
public interface ServerValues {

    /** The id of the aggregate the command goes to, whether the client named it or the gateway chose it. */
    String aggregateId();

    /** The gateway's clock when the request arrived. */
    Instant now();

    /** A random source (a cryptographically strong one in the gateway, a seeded one in tests). */
    RandomGenerator random();

    /** Who sent the command: the authenticated caller. */
    Caller caller();

    /** Fixed values, for tests and tools. */
    static ServerValues of(String aggregateId, Instant now, RandomGenerator random, Caller caller) {
        record Fixed(String aggregateId, Instant now, RandomGenerator random, Caller caller) implements ServerValues {
        }
        return new Fixed(AggregateId.require(aggregateId), now, random, caller);
    }
}
