package dev.annals.core.envelope;

/** A Kafka record that is not a well-formed Annals command or event; the message says what is wrong. */
public final class InvalidRecordException extends IllegalArgumentException {

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
