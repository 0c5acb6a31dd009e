package dev.annals.projection.config;

import dev.annals.security.RequiredSettings;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * The database logins, the runtime role's and the migration role's, have no default in application.properties (they
 * are secrets): a start without them stops at once, naming the keys, rather than at the first query with
 * PostgreSQL's "password authentication failed".
 */
@Startup
@Singleton
public class DatabaseLogin {

    DatabaseLogin(Config config) {
        RequiredSettings.require(config, "the database logins", "quarkus.datasource.username",
                "quarkus.datasource.password", "quarkus.datasource.migration.username",
                "quarkus.datasource.migration.password");
    }
}
