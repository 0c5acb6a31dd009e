package dev.annals.system.support;

/** The random seed of a run: printed in the summary, and set with {@code -Dannals.system.seed} to replay one. */
public final class Seeds {

    private static final long SEED = Long.getLong("annals.system.seed", System.nanoTime());

    private Seeds() {
    }

    public static long seed(Summary summary) {
        summary.seed(SEED);
        return SEED;
    }
}
