package dev.annals.query.testing;

import dev.annals.devstack.testing.SharedServices;

/**
 * The system around the query-service under test: command-service and projection-service as processes of their
 * own (their built quarkus-app), against the test JVM's shared Kafka and PostgreSQL.
 */
public final class RealStack {

    public static final String COMMAND_SERVICE = "command-service";
    public static final String PROJECTION_SERVICE = "projection-service";

    private RealStack() {
    }

    /** Starts both services if they are not running yet; answers command-service's base URL. */
    public static String commandService() {
        SharedServices.url(PROJECTION_SERVICE);
        return SharedServices.url(COMMAND_SERVICE);
    }

    /** projection-service's management interface, where its admin endpoints are. */
    public static String projectionAdmin() {
        return SharedServices.managementUrl(PROJECTION_SERVICE);
    }
}
