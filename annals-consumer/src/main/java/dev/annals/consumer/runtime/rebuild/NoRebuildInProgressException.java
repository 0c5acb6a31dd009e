package dev.annals.consumer.runtime.rebuild;

/** A cancel of a rebuild when none is under way. */
public class NoRebuildInProgressException extends RuntimeException {

    public NoRebuildInProgressException(String projection) {
        super("projection " + projection + " is not being rebuilt");
    }
}
