package dev.annals.consumer.runtime;

/**
 * Where a crash test makes a consumer die (see {@code Projections.crashOnce}): the consumer thread ends as if the
 * process had been killed there, without committing anything more to Kafka.
 */
public enum FaultPoint {
    /** The batch was applied in the open transaction, which is then lost: nothing of it is committed. */
    BEFORE_DATABASE_COMMIT,
    /** The database transaction committed; the consumer dies before acknowledging anything to Kafka. */
    AFTER_DATABASE_COMMIT
}
