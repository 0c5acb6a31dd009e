package dev.annals.query.config;

import dev.annals.security.RequiredSettings;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * The database login has no default in application.properties (it is a secret): a start without one stops at
 * once, naming the keys, rather than at the first query with PostgreSQL's "password authentication failed".
 */
@Startup
@Singleton
public class DatabaseLogin {

    DatabaseLogin(Config config) {
        RequiredSettings.require(config, "the database login", "quarkus.datasource.username",
                "quarkus.datasource.password");
    }
}
