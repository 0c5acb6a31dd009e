package dev.annals.devstack.testing;

import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.Endpoints;

import java.util.Locale;

/**
 * One Kafka broker and one PostgreSQL per test JVM, whatever asks for them: the JUnit extension, the Quarkus test
 * resource, or both, from any number of test classes.
 *
 * <p>Quarkus loads test code in class loaders of its own, so a static field here is not one per JVM but one per
 * class loader. The endpoints are therefore kept in the system properties, which all class loaders share, and
 * the lock is an interned string literal, which is one object per JVM.
 *
 * <p>{@code -Dannals.infra} chooses the servers: {@code local} (default) starts devstack's own;
 * {@code testcontainers} starts containers, and needs a Docker engine.
 */
public final class SharedInfrastructure {

    public static final String INFRA_PROPERTY = "annals.infra";

    private static final Object JVM_WIDE_LOCK = "dev.annals.devstack.testing.SharedInfrastructure";

    private SharedInfrastructure() {
    }

    /** The shared servers' endpoints, starting them on first use; they stop when the JVM exits. */
    public static Endpoints endpoints() {
        synchronized (JVM_WIDE_LOCK) {
            Endpoints shared = Endpoints.fromProperties(System.getProperties());
            if (shared != null) {
                return shared;
            }
            Running running = start(System.getProperty(INFRA_PROPERTY, "local"));
            running.endpoints().toProperties().forEach(System::setProperty);
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "annals-infrastructure-stop"));
            return running.endpoints();
        }
    }

    /** Started servers and how to stop them. */
    record Running(Endpoints endpoints, Runnable stop) {
    }

    static Running start(String infra) {
        return switch (infra.strip().toLowerCase(Locale.ROOT)) {
            case "local" -> {
                Devstack devstack = Devstack.start(DevstackConfig.fromProperties(System.getProperties(),
                        DevstackConfig.forTests()));
                yield new Running(devstack.endpoints(), devstack::close);
            }
            case "testcontainers" -> TestcontainersInfrastructure.start();
            default -> throw new IllegalArgumentException(INFRA_PROPERTY + " is local or testcontainers, not " + infra);
        };
    }
}
