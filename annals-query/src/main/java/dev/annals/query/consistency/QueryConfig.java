package dev.annals.query.consistency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code annals.query.*}: how read endpoints wait for the caller's own writes. */
@ConfigMapping(prefix = "annals.query")
public interface QueryConfig {

    /** How long a read with a consistency token waits for its projection before answering 504. */
    @WithDefault("5s")
    Duration consistencyWait();

    /** The longest pause between two attempts to (re)connect the checkpoint listener. */
    @WithDefault("5s")
    Duration listenerMaxBackoff();

    /**
     * How often the checkpoint listener proves its connection alive, by notifying itself; a notice that has not
     * come back by the next check means a connection that died without closing, which is then replaced.
     */
    @WithDefault("5s")
    Duration listenerCheckInterval();

    /**
     * How many reads with a consistency token may wait at once in this instance; one more is answered 503
     * {@code TOO_MANY_WAITING_READS} with {@code Retry-After}, so that slow projections cannot pile up requests
     * without bound.
     */
    @WithDefault("1000")
    int maxWaitingReads();

    /**
     * How many Server-Sent Event streams this instance serves at once; one more is answered 503
     * {@code TOO_MANY_STREAMS} with {@code Retry-After}.
     */
    @WithDefault("256")
    int maxStreams();
}
