package dev.annals.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.kafka.KafkaAcls;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifests generated from the repository rather than written by hand, each with where it is written: the
 * services' {@code KafkaUser}s from {@code security/kafka-acls.json} and the {@code KafkaTopic}s, for every
 * aggregate type the services serve ({@link DevstackConfig#REPOSITORY_AGGREGATE_TYPES}, which the system tests hold
 * to what command-service serves).
 * {@code GeneratedManifestsTest} fails when a committed file differs from what this makes.
 */
public final class GeneratedManifests {

    /** The {@code Kafka} resource's name in the manifests. */
    public static final String KAFKA_CLUSTER = "annals";
    public static final Path USERS = Path.of("base", "kafka", "users.yaml");
    public static final Path TOPICS = Path.of("base", "kafka", "topics.yaml");
    /** payment-service is a component: its user and topics come with it, not with the base. */
    public static final String PAYMENT_SERVICE = "payment-service";
    public static final Path PAYMENT_SERVICE_KAFKA = Path.of("components", "payment-service", "kafka.yaml");
    /** The consumers payment-service runs, each with its dead-letter topic. */
    public static final List<String> PAYMENT_SERVICE_CONSUMERS = List.of("payments");
    /** How to write them anew, as each file's first line says. */
    static final String REGENERATE = "./mvnw -pl deploy test -Dannals.deploy.write=true";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private GeneratedManifests() {
    }

    /** Each generated file's path under {@code deploy/} and its content. */
    public static Map<Path, String> all() {
        KafkaAcls acls = KafkaAcls.forTypes(DevstackConfig.REPOSITORY_AGGREGATE_TYPES);
        List<Map<String, Object>> paymentService = new ArrayList<>(KafkaUserResources.of(acls, KAFKA_CLUSTER,
                PAYMENT_SERVICE::equals));
        paymentService.addAll(KafkaTopicResources.ofConsumerService(PAYMENT_SERVICE, true, PAYMENT_SERVICE_CONSUMERS,
                KAFKA_CLUSTER));
        return Map.of(
                USERS, document("security/kafka-acls.json", KafkaUserResources.of(acls, KAFKA_CLUSTER,
                        user -> !user.equals(PAYMENT_SERVICE))),
                TOPICS, document("the aggregate types and projections the services serve", KafkaTopicResources.of(
                        DevstackConfig.REPOSITORY_AGGREGATE_TYPES, KAFKA_CLUSTER)),
                PAYMENT_SERVICE_KAFKA, document("security/kafka-acls.json and payment-service's consumers",
                        paymentService));
    }

    private static String document(String source, List<Map<String, Object>> resources) {
        StringBuilder text = new StringBuilder("# Generated from " + source + " by " + GeneratedManifests.class.getName()
                + ": do not edit. Regenerate with " + REGENERATE + "\n");
        for (Map<String, Object> resource : resources) {
            try {
                text.append("---\n").append(YAML.writeValueAsString(resource));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot write " + resource.get("kind"), e);
            }
        }
        return text.toString();
    }
}
