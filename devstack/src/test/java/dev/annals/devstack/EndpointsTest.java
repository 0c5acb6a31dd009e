package dev.annals.devstack;

import dev.annals.devstack.auth.TokenIssuer;
import dev.annals.devstack.kafka.KafkaUsers;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointsTest {

    private static final TokenIssuer TOKENS = new TokenIssuer(TokenIssuer.ISSUER, TokenIssuer.AUDIENCE,
            Path.of("/tmp/annals-auth"));

    @Test
    void a_service_logs_in_as_its_own_kafka_user_when_devstack_made_the_users() {
        Endpoints endpoints = endpoints(Optional.of(KafkaUsers.of("127.0.0.1:19093",
                Map.of("command-service", new Credentials("command-service", "s3cret")))));

        assertThat(endpoints.kafkaConfig("command-service"))
                .containsEntry("kafka.bootstrap.servers", "127.0.0.1:19093")
                .containsEntry("kafka.security.protocol", "SASL_PLAINTEXT")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .hasEntrySatisfying("kafka.sasl.jaas.config", jaas -> assertThat(jaas)
                        .contains("username=\"command-service\"").contains("password=\"s3cret\""));
    }

    @Test
    void without_users_a_service_uses_devstacks_own_listener() {
        assertThat(endpoints(Optional.empty()).kafkaConfig("command-service"))
                .isEqualTo(Map.of("kafka.bootstrap.servers", "127.0.0.1:9092"));
    }

    @Test
    void the_users_survive_the_trip_through_properties() {
        Endpoints endpoints = endpoints(Optional.of(KafkaUsers.of("127.0.0.1:19093",
                Map.of("command-service", new Credentials("command-service", "s3cret"),
                        "query-service", new Credentials("query-service", "other")))));
        Properties properties = new Properties();
        properties.putAll(endpoints.toProperties());

        Endpoints back = Endpoints.fromProperties(properties);

        assertThat(back.kafkaUsers()).hasValueSatisfying(users -> {
            assertThat(users.bootstrapServers()).isEqualTo("127.0.0.1:19093");
            assertThat(users.credentials()).isEqualTo(endpoints.kafkaUsers().orElseThrow().credentials());
        });
        assertThat(back.kafkaConfig("query-service")).isEqualTo(endpoints.kafkaConfig("query-service"));
    }

    private static Endpoints endpoints(Optional<KafkaUsers> users) {
        return new Endpoints("127.0.0.1:9092", 1, "127.0.0.1", 54320, "annals",
                new Credentials("annals", "a"), new Credentials("annals_projector", "p"),
                new Credentials("annals_query", "q"), TOKENS, users);
    }
}
