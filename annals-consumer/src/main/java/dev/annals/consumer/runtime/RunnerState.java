package dev.annals.consumer.runtime;

/** What a projection's consumer is doing. */
public enum RunnerState {
    /** Joining the group, seeking to the checkpoints. */
    STARTING,
    /** Consuming and applying. */
    RUNNING,
    /** A rebuild runner waiting while another instance's runner holds the rebuild; it takes over if that dies. */
    STANDBY,
    /** Waiting for the database (or Kafka) to come back; nothing is skipped meanwhile. */
    RETRYING,
    /** A rebuild that caught up and swapped its tables in. */
    SWAPPED,
    /** Stopped on purpose. */
    STOPPED,
    /**
     * Stopped by an unexpected error, or at once by an {@link Error} (out of memory, a class that failed to link):
     * the liveness check reports it so the service gets restarted, and resumes from the checkpoints.
     */
    FAILED
}
