package dev.annals.consumer.runtime.rebuild;

/** A reactor is never replayed: its effects — commands sent, calls made — happened and stay. */
public class NotRebuildableException extends RuntimeException {

    public NotRebuildableException(String name) {
        super(name + " is a reactor: its effects happened, and a rebuild would replay them; only projections are"
                + " rebuilt");
    }
}
