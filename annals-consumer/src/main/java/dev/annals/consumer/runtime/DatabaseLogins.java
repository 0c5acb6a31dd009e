package dev.annals.consumer.runtime;

import dev.annals.security.RequiredSettings;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;

/**
 * A consumer service's database logins have no default (they are secrets): the batches' login, and the migration
 * role's when {@code annals.consumer.migration-datasource} names one. A start without them stops at once, naming
 * the keys, rather than at the first query with PostgreSQL's "password authentication failed".
 */
@Startup
@Singleton
public class DatabaseLogins {

    DatabaseLogins(Config config, ConsumerSettings settings) {
        List<String> keys = new ArrayList<>(List.of("quarkus.datasource.username", "quarkus.datasource.password"));
        settings.migrationDatasource().ifPresent(name -> keys.addAll(List.of(
                "quarkus.datasource." + name + ".username", "quarkus.datasource." + name + ".password")));
        RequiredSettings.require(config, "the database logins", keys.toArray(String[]::new));
    }
}
