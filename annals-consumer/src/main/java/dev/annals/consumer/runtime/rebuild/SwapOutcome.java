package dev.annals.consumer.runtime.rebuild;

/** What an attempt to put a rebuilt generation in service found. */
public enum SwapOutcome {
    /** The generation is in service now. */
    SWAPPED,
    /** The live consumer is still ahead in some partition; the rebuild reads on. */
    BEHIND,
    /** The attempting runner does not hold the rebuild (any more): it must stop. */
    NOT_HELD
}
