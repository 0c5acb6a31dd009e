package dev.annals.query.types;

import dev.annals.core.AggregateType;
import dev.annals.core.AggregateTypes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The aggregate types a read service knows: every {@link AggregateType} bean of the domain modules it has. */
public class AggregateTypesProducer {

    @Produces
    @Singleton
    AggregateTypes aggregateTypes(@Any Instance<AggregateType<?, ?, ?>> found) {
        return AggregateTypes.of(found);
    }
}
