package dev.annals.core;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The aggregate types a service knows, by name. Services build it from every {@link AggregateType} CDI bean on
 * their classpath: adding a domain module adds its types, and no service code names one.
 */
public final class AggregateTypes {

    private final Map<String, AggregateType<?, ?, ?>> byName;

    private AggregateTypes(Map<String, AggregateType<?, ?, ?>> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * @throws IllegalStateException when two types share a name or there is none: both are mistakes in the
     *                               service's build, better found at start-up than on a request
     */
    public static AggregateTypes of(Iterable<? extends AggregateType<?, ?, ?>> found) {
        Map<String, AggregateType<?, ?, ?>> types = new TreeMap<>();
        for (AggregateType<?, ?, ?> type : found) {
            AggregateType<?, ?, ?> previous = types.putIfAbsent(type.name(), type);
            if (previous != null && previous != type) {
                throw new IllegalStateException("two aggregate types are named " + type.name());
            }
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("no aggregate type found: add a domain module that produces an "
                    + "AggregateType bean");
        }
        return new AggregateTypes(types);
    }

    public Optional<AggregateType<?, ?, ?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every type, ordered by name. */
    public Collection<AggregateType<?, ?, ?>> all() {
        return byName.values();
    }

    /** Every type's name, in order: what an answer lists when it is asked for a type that does not exist. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }
}
