package dev.annals.consumer.runtime.failure;

/** A redrive that cannot be done: the aggregate is not parked ({@link #notParked}), or its events still fail. */
public class RedriveException extends RuntimeException {

    private final boolean notParked;

    private RedriveException(String message, boolean notParked, Throwable cause) {
        super(message, cause);
        this.notParked = notParked;
    }

    static RedriveException notParked(String consumer, String aggregateType, String aggregateId) {
        return new RedriveException(aggregateType + " " + aggregateId + " is not parked in " + consumer, true, null);
    }

    static RedriveException stillFailing(String consumer, String aggregateType, String aggregateId,
                                         Throwable failure) {
        return new RedriveException(aggregateType + " " + aggregateId + " still fails in " + consumer + ": "
                + Failures.describe(failure) + "; nothing was changed, it stays parked", false, failure);
    }

    public boolean notParked() {
        return notParked;
    }
}
