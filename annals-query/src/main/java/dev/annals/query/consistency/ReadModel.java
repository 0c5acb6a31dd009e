package dev.annals.query.consistency;

import java.util.Objects;
import java.util.Set;

/**
 * What serves a read endpoint: the projection whose checkpoint a consistency token is compared with, and the
 * aggregate types it reads. Positions of other types in a token are not waited for: that projection will never
 * reach them.
 *
 * @param types the aggregate types the projection reads; empty for a projection of every type (the journal, the
 *              aggregate state), which reads every type this service knows
 */
public record ReadModel(String projection, Set<String> types) {

    public ReadModel {
        Objects.requireNonNull(projection, "projection");
        types = Set.copyOf(types);
    }

    /** A projection of the given aggregate types only, e.g. {@code bank-accounts} of {@code bank-account}. */
    public static ReadModel of(String projection, String... types) {
        if (types.length == 0) {
            throw new IllegalArgumentException("name the types " + projection + " reads, or use ofEveryType");
        }
        return new ReadModel(projection, Set.of(types));
    }

    /** A projection of every aggregate type, e.g. {@code event-journal}. */
    public static ReadModel ofEveryType(String projection) {
        return new ReadModel(projection, Set.of());
    }

    public boolean readsEveryType() {
        return types.isEmpty();
    }
}
