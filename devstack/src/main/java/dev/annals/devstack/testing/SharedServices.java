package dev.annals.devstack.testing;

import dev.annals.devstack.Endpoints;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.QuarkusService;
import dev.annals.devstack.service.ServiceCatalog;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The repository's own services (command-service, projection-service, ...) as child processes of the test JVM,
 * against its shared Kafka and PostgreSQL: how a test runs the real system around the service under test. Each
 * is started once per JVM, from the {@code quarkus-app} its module built, on a free port, and stops when the JVM
 * exits.
 *
 * <p>Like {@link SharedInfrastructure}, it keeps what it started where every class loader sees it: the base URL in
 * a system property, the process behind a platform MBean.
 */
public final class SharedServices {

    private static final String URL_PROPERTY = "annals.devstack.service.";
    private static final String MANAGEMENT_PROPERTY = "annals.devstack.service-management.";
    private static final Object JVM_WIDE_LOCK = "dev.annals.devstack.testing.SharedServices";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private SharedServices() {
    }

    /**
     * The base URL of the named service ({@code http://localhost:<port>}), started now if it is not running yet.
     *
     * @throws IllegalStateException when the service is not built: run the build from the repository's root
     */
    public static String url(String name) {
        synchronized (JVM_WIDE_LOCK) {
            String running = System.getProperty(URL_PROPERTY + name);
            if (running != null) {
                return running;
            }
            ServiceCatalog.Service service = ServiceCatalog.named(name);
            Endpoints endpoints = SharedInfrastructure.endpoints();
            Path jar = ServiceCatalog.repositoryAround(Path.of("")).flatMap(service::runJar)
                    .orElseThrow(() -> new IllegalStateException(name + " is not built: its target/quarkus-app is"
                            + " needed; build from the repository root (./mvnw package -pl " + name
                            + " -am -DskipTests)"));
            QuarkusService started = QuarkusService.start(new QuarkusService.Settings(name, jar, FreePort.orPick(0),
                    service.config(endpoints), "384m", START_TIMEOUT));
            ServerSwitch.register(switchName(name), started);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "annals-" + name + "-stop"));
            System.setProperty(MANAGEMENT_PROPERTY + name, started.managementUrl());
            System.setProperty(URL_PROPERTY + name, started.baseUrl());
            return started.baseUrl();
        }
    }

    /** The named service's management interface (health, metrics, admin endpoints), started now if need be. */
    public static String managementUrl(String name) {
        url(name);
        return System.getProperty(MANAGEMENT_PROPERTY + name);
    }

    /** Stops a service {@link #url} started (SIGTERM, then waits for its exit), keeping its port. */
    public static void stop(String name) {
        url(name);
        ServerSwitch.invoke(switchName(name), "stop");
    }

    /** Starts a stopped service again, on the same port, and waits until it is ready. */
    public static void start(String name) {
        url(name);
        ServerSwitch.invoke(switchName(name), "start");
    }

    private static String switchName(String service) {
        return "service-" + service;
    }
}
