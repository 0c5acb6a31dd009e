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

    private static final String KAFKA = "kafka";
    private static final String POSTGRES = "postgres";
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

    /**
     * Stops the shared Kafka broker, keeping its port and data, until {@link #startKafka()}: for tests of what
     * happens while Kafka is unreachable. Only with {@code annals.infra=local}.
     */
    public static void stopKafka() {
        ServerSwitch.invoke(KAFKA, "stop");
    }

    /** Starts the shared Kafka broker again after {@link #stopKafka()}, on the same port with the same data. */
    public static void startKafka() {
        ServerSwitch.invoke(KAFKA, "start");
    }

    /** Stops the shared PostgreSQL, keeping its port and data, until {@link #startPostgres()}. */
    public static void stopPostgres() {
        ServerSwitch.invoke(POSTGRES, "stop");
    }

    public static void startPostgres() {
        ServerSwitch.invoke(POSTGRES, "start");
    }

    /** Started servers and how to stop them. */
    record Running(Endpoints endpoints, Runnable stop) {
    }

    static Running start(String infra) {
        return switch (infra.strip().toLowerCase(Locale.ROOT)) {
            case "local" -> {
                Devstack devstack = Devstack.start(DevstackConfig.fromProperties(System.getProperties(),
                        DevstackConfig.forTests()));
                ServerSwitch.register(KAFKA, devstack.kafka());
                ServerSwitch.register(POSTGRES, devstack.postgres());
                yield new Running(devstack.endpoints(), devstack::close);
            }
            case "testcontainers" -> TestcontainersInfrastructure.start();
            default -> throw new IllegalArgumentException(INFRA_PROPERTY + " is local or testcontainers, not " + infra);
        };
    }
}
