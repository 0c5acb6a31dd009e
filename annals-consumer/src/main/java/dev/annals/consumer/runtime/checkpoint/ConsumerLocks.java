package dev.annals.consumer.runtime.checkpoint;

/** The name of the advisory lock that keeps a projection's batches and its blue/green swap apart. */
public final class ConsumerLocks {

    private ConsumerLocks() {
    }

    /** Hashed by PostgreSQL ({@code hashtext}) into the lock's number. */
    public static String key(String projection) {
        return "annals.projection:" + projection;
    }
}
