package dev.annals.devstack.testing;

import dev.annals.devstack.Endpoints;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: makes sure the JVM's shared Kafka and PostgreSQL run, and hands their {@link Endpoints} to
 * any constructor, lifecycle method or test that takes one.
 *
 * <pre>{@code
 * @ExtendWith(DevstackExtension.class)
 * class LedgerIT {
 *     @Test
 *     void writes_through_kafka(Endpoints endpoints) { ... endpoints.kafkaBootstrapServers() ... }
 * }
 * }</pre>
 */
public final class DevstackExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedInfrastructure.endpoints();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Endpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return SharedInfrastructure.endpoints();
    }
}
