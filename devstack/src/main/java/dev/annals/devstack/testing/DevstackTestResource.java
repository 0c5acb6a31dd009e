package dev.annals.devstack.testing;

import dev.annals.devstack.Credentials;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.postgres.DatabaseSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Quarkus test resource: points the application under test at the JVM's shared Kafka and PostgreSQL, and makes it
 * trust devstack's token issuer. Every REST Assured request of the test that sets no {@code Authorization} header
 * carries a token with every role ({@link DefaultTestToken}).
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(DevstackTestResource.class)
 * class AccountResourceTest { ... }
 * }</pre>
 *
 * The application logs in as the database owner; the argument {@code login=reader} makes it log in as the
 * SELECT-only role, as query-service does:
 * {@code @QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))}.
 * {@code login=projections} gives the two logins of a consumer service, as projection-service runs: the batches as
 * the runtime role, migrations and rebuilds as the owner (datasource {@code migration}).
 * {@code login=none} gives only Kafka's address, for a service without a database (command-service).
 * {@code login=payments} gives payment-service's database of its own and its one login, as it runs.
 *
 * <p>{@link #stop()} leaves the servers running: other test classes of the JVM use them too.
 */
public final class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String LOGIN = "login";

    private String login = "owner";

    @Override
    public void init(Map<String, String> initArgs) {
        login = initArgs.getOrDefault(LOGIN, "owner").strip().toLowerCase(Locale.ROOT);
        if (!List.of("owner", "projections", "reader", "none", "payments").contains(login)) {
            throw new IllegalArgumentException(LOGIN + " is owner, projections, reader, none or payments, not "
                    + login);
        }
    }

    @Override
    public Map<String, String> start() {
        // before the application starts, so that none of its Kafka clients goes unrecorded
        KafkaClientsSeen.install();
        Endpoints endpoints = SharedInfrastructure.endpoints();
        DefaultTestToken.installIfRestAssured();
        Map<String, String> config = new LinkedHashMap<>(endpoints.tokens().quarkusConfig());
        if (login.equals("none")) {
            config.put("kafka.bootstrap.servers", endpoints.kafkaBootstrapServers());
            config.put("annals.gateway.id-secret", endpoints.tokens().serverSecret());
            return config;
        }
        if (login.equals("payments")) {
            config.put("kafka.bootstrap.servers", endpoints.kafkaBootstrapServers());
            config.putAll(endpoints.ownDatabaseConfig(DatabaseSetup.PAYMENTS_DATABASE, DatabaseSetup.PAYMENTS));
            return config;
        }
        if (login.equals("projections")) {
            config.putAll(endpoints.projectionConfig());
            return config;
        }
        Credentials credentials = login.equals("reader") ? endpoints.reader() : endpoints.owner();
        config.putAll(endpoints.quarkusConfig(credentials));
        return config;
    }

    @Override
    public void stop() {
        // shared per JVM: stopped when the JVM exits
    }
}
