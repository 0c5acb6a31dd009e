package dev.annals.command.types;

import dev.annals.core.AggregateType;
import dev.annals.core.AggregateTypes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The service's aggregate types: every {@link AggregateType} bean the domain modules on the classpath register. */
public class AggregateTypesProducer {

    @Produces
    @Singleton
    AggregateTypes aggregateTypes(@Any Instance<AggregateType<?, ?, ?>> found) {
        return AggregateTypes.of(found);
    }
}
