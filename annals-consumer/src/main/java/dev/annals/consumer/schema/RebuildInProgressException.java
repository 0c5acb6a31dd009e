package dev.annals.consumer.schema;

/** A projection is rebuilt by one rebuild at a time. */
public class RebuildInProgressException extends RuntimeException {

    public RebuildInProgressException(String projection, int generation) {
        super("projection " + projection + " is already being rebuilt into generation " + generation);
    }
}
