package dev.annals.devstack.kafka;

import dev.annals.devstack.Credentials;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.resource.ResourcePatternFilter;

import java.security.SecureRandom;
import java.time.Duration;
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

    /** Users already created, e.g. by a devstack whose endpoints were handed over as properties. */
    public static KafkaUsers of(String scramBootstrap, Map<String, Credentials> credentials) {
        return new KafkaUsers(scramBootstrap, Map.copyOf(credentials));
    }

    /**
     * Gives each user of {@code acls} a fresh password and exactly its ACLs (an ACL it had before and the file no
     * longer lists is deleted: a kept data directory keeps ACLs), and returns once every broker of {@code
     * scramBootstrap} lets each user in — the brokers learn credentials and ACLs from the metadata log a moment
     * after the controller took them, and a service that started in that moment would be refused.
     *
     * @param adminBootstrap the PLAINTEXT listener (the super user's)
     * @param scramBootstrap the SCRAM listeners the users connect to, comma-separated
     */
    public static KafkaUsers create(String adminBootstrap, String scramBootstrap, KafkaAcls acls) {
        Map<String, Credentials> created = new LinkedHashMap<>();
        List<UserScramCredentialUpsertion> upserts = new ArrayList<>();
        List<AclBinding> bindings = new ArrayList<>();
        List<AclBindingFilter> previous = new ArrayList<>();
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
            previous.add(new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(
                    "User:" + user, null, AclOperation.ANY, AclPermissionType.ANY)));
        });
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, adminBootstrap))) {
            // ACLs before passwords: a broker that lets a user in has applied the metadata up to its ACLs
            admin.deleteAcls(previous).all().get(30, TimeUnit.SECONDS);
            if (!bindings.isEmpty()) {
                admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
            }
            admin.alterUserScramCredentials(List.copyOf(upserts)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the services' Kafka users and ACLs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the services' Kafka users", e);
        }
        KafkaUsers users = new KafkaUsers(scramBootstrap, Map.copyOf(created));
        users.awaitLogins(Duration.ofSeconds(30));
        return users;
    }

    /** Every user's name and password. */
    public Map<String, Credentials> credentials() {
        return credentials;
    }

    /** Where the users log in: the SCRAM listeners, comma-separated. */
    public String bootstrapServers() {
        return bootstrapServers;
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

    /** Each user's login to each broker, until all pass or {@code timeout} is over. */
    private void awaitLogins(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String broker : bootstrapServers.split(",")) {
            for (Credentials login : credentials.values()) {
                Map<String, Object> config = new LinkedHashMap<>(clientConfig(broker, login));
                config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
                config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
                Exception last = null;
                while (true) {
                    try (Admin admin = Admin.create(config)) {
                        admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                        break;
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof AuthorizationException) {
                            break; // in, and refused as its ACLs say (a user with none may not even describe)
                        }
                        last = e;
                    } catch (TimeoutException e) {
                        last = e;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the Kafka users", e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka user " + login.username() + " cannot log in to "
                                + broker + " within " + timeout + ": " + last.getMessage(), last);
                    }
                    pause();
                }
            }
        }
    }

    // Polling a broker for what it has not applied yet: there is nothing to be notified by.
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka users", e);
        }
    }
}
