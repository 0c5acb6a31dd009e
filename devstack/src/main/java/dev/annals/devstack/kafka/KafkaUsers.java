package dev.annals.devstack.kafka;

import dev.annals.devstack.Credentials;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates, on a broker started with SCRAM ({@link KafkaBroker#scramBootstrapServers()}), one SCRAM-SHA-512 user per
 * service with a fresh random password and exactly the ACLs {@link KafkaAcls} lists for it. devstack's own admin
 * work goes through the loopback PLAINTEXT listener, whose principal is the broker's super user.
 */
public final class KafkaUsers {

    /** The mechanism of every user, and the only one the SCRAM listener offers. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final int ITERATIONS = 8192;

    private final String bootstrapServers;
    private final Map<String, Credentials> credentials;

    private KafkaUsers(String bootstrapServers, Map<String, Credentials> credentials) {
        this.bootstrapServers = bootstrapServers;
        this.credentials = credentials;
    }

    /**
     * @param adminBootstrap the PLAINTEXT listener (the super user's)
     * @param scramBootstrap the SCRAM listener the users connect to
     */
    public static KafkaUsers create(String adminBootstrap, String scramBootstrap, KafkaAcls acls) {
        Map<String, Credentials> created = new LinkedHashMap<>();
        List<UserScramCredentialUpsertion> upserts = new ArrayList<>();
        List<AclBinding> bindings = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        acls.users().forEach((user, userAcls) -> {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            created.put(user, new Credentials(user, password));
            upserts.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                    password));
            bindings.addAll(userAcls);
        });
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, adminBootstrap))) {
            admin.alterUserScramCredentials(List.copyOf(upserts)).all().get(30, TimeUnit.SECONDS);
            if (!bindings.isEmpty()) {
                admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the services' Kafka users and ACLs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the services' Kafka users", e);
        }
        return new KafkaUsers(scramBootstrap, Map.copyOf(created));
    }

    public Credentials of(String user) {
        Credentials found = credentials.get(user);
        if (found == null) {
            throw new IllegalArgumentException("no Kafka user " + user + "; the users are " + credentials.keySet());
        }
        return found;
    }

    /** The shared client settings ({@code kafka.*} without the prefix) of a client that logs in as {@code user}. */
    public Map<String, String> clientConfig(String user) {
        return clientConfig(bootstrapServers, of(user));
    }

    /** The same for any login, a wrong one included. */
    public static Map<String, String> clientConfig(String bootstrapServers, Credentials login) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", MECHANISM);
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + login.username() + "\" password=\"" + login.password() + "\";");
        return config;
    }
}
