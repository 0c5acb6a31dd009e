package dev.annals.command.types;

import dev.annals.core.AggregateType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every aggregate type registered as a CDI bean, by name. This is how the service learns its domains: adding a
 * domain module to the classpath adds its types; no service code names one.
 */
@Singleton
public class AggregateTypes {

    private final Map<String, AggregateType<?, ?, ?>> byName;

    @Inject
    public AggregateTypes(@Any Instance<AggregateType<?, ?, ?>> found) {
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
        this.byName = Collections.unmodifiableMap(types);
    }

    public Optional<AggregateType<?, ?, ?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<AggregateType<?, ?, ?>> all() {
        return byName.values();
    }
}
