package dev.annals.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/** Makes the service's {@link KafkaClients} from the {@code kafka.*} configuration Quarkus collects. */
final class KafkaClientsProducer {

    @Produces
    @Singleton
    KafkaClients kafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                              @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        return KafkaClients.of(kafkaConfig, applicationName);
    }
}
