package dev.annals.devstack;

import dev.annals.devstack.auth.TokenIssuer;
import dev.annals.devstack.kafka.KafkaAcls;
import dev.annals.devstack.kafka.KafkaBroker;
import dev.annals.devstack.kafka.KafkaCluster;
import dev.annals.devstack.kafka.KafkaUsers;
import dev.annals.devstack.postgres.DatabaseSetup;
import dev.annals.devstack.postgres.PostgresServer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Kafka broker and a PostgreSQL server for development and tests, both real, both started here and stopped on
 * {@link #close()} — or by their watchdogs when this JVM dies.
 */
public final class Devstack implements AutoCloseable {

    private final KafkaCluster kafka;
    private final PostgresServer postgres;
    private final Duration startupTime;
    private final TokenIssuer tokens;
    private final Optional<KafkaUsers> kafkaUsers;

    private Devstack(KafkaCluster kafka, PostgresServer postgres, Duration startupTime, TokenIssuer tokens,
                     Optional<KafkaUsers> kafkaUsers) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.startupTime = startupTime;
        this.tokens = tokens;
        this.kafkaUsers = kafkaUsers;
    }

    /**
     * Starts both servers side by side and returns when both accept clients; with {@link
     * DevstackConfig#kafkaScram()}, once the services' Kafka users can log in, too.
     */
    public static Devstack start(DevstackConfig config) {
        long started = System.nanoTime();
        ExecutorService starter = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "devstack-postgres-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(
                    () -> PostgresServer.start(config.postgresSettings()), starter);
            KafkaCluster kafka;
            try {
                kafka = KafkaCluster.start(config.kafkaSettings(), config.kafkaNodes());
            } catch (RuntimeException e) {
                postgres.thenAccept(PostgresServer::close);
                throw e;
            }
            Optional<KafkaUsers> users;
            try {
                users = config.kafkaScram() ? Optional.of(KafkaUsers.create(kafka.bootstrapServers(),
                        kafka.scramBootstrapServers().orElseThrow(),
                        KafkaAcls.forTypes(config.aggregateTypes()))) : Optional.empty();
            } catch (RuntimeException e) {
                kafka.close();
                postgres.thenAccept(PostgresServer::close);
                throw e;
            }
            try {
                PostgresServer database = postgres.join();
                return new Devstack(kafka, database, Duration.ofNanos(System.nanoTime() - started),
                        TokenIssuer.create(config.dataDirectory().map(dir -> dir.resolve("auth"))
                                .orElseGet(TokenIssuer::temporaryDirectory)), users);
            } catch (CompletionException e) {
                kafka.close();
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        } finally {
            starter.shutdown();
        }
    }

    public Endpoints endpoints() {
        return new Endpoints(kafka.bootstrapServers(), kafka.size(), postgres.host(), postgres.port(),
                DatabaseSetup.DATABASE, DatabaseSetup.OWNER, DatabaseSetup.PROJECTOR, DatabaseSetup.READER, tokens,
                kafkaUsers);
    }

    /** The broker, or the first node of a cluster of several. */
    public KafkaBroker kafka() {
        return kafka.nodes().get(0);
    }

    /** Every node of the Kafka cluster: one, unless {@code annals.devstack.kafka.nodes} says more. */
    public KafkaCluster kafkaCluster() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
