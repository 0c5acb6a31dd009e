package dev.annals.devstack.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;

import java.net.URI;

/**
 * Where the application under test serves Quarkus's management interface — health, metrics, the projections'
 * admin endpoints — apart from its API: {@code given().baseUri(Management.uri()).get("/q/health/ready")}.
 */
public final class Management {

    private Management() {
    }

    /**
     * {@code http://localhost:<the management test port>}: Quarkus's own URL of it ends in the management root path
     * ({@code /q}), which the paths the tests ask for ({@code /q/health}, {@code /admin/projections}) begin above.
     */
    public static String uri() {
        URI management = URI.create(TestHTTPResourceManager.getManagementUri());
        return management.getScheme() + "://" + management.getAuthority();
    }
}
