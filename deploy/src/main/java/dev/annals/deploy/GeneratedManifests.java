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
    /** How to write them anew, as each file's first line says. */
    static final String REGENERATE = "./mvnw -pl deploy test -Dannals.deploy.write=true";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private GeneratedManifests() {
    }

    /**
     * Each generated file's path under {@code deploy/} (the working directory) and its content. The users get the
     * ACLs their services need as the manifests run them: an ACL the file grants only "when" a setting is on (the
     * right to create topics) is granted where the service's properties in {@code deploy/} turn it on, and the
     * manifests turn topic creation off.
     */
    public static Map<Path, String> all() {
        KafkaAcls acls = acls(Path.of(""));
        List<Map<String, Object>> paymentService = new ArrayList<>(KafkaUserResources.of(acls, KAFKA_CLUSTER,
                PAYMENT_SERVICE::equals));
        paymentService.addAll(KafkaTopicResources.ofConsumerService(PAYMENT_SERVICE, true,
                acls.consumers().get(PAYMENT_SERVICE), KAFKA_CLUSTER));
        return Map.of(
                USERS, document("security/kafka-acls.json and the services' settings", KafkaUserResources.of(acls,
                        KAFKA_CLUSTER, user -> !user.equals(PAYMENT_SERVICE))),
                TOPICS, document("the aggregate types and projections the services serve", KafkaTopicResources.of(
                        DevstackConfig.REPOSITORY_AGGREGATE_TYPES, acls.consumers().get("projection-service"),
                        KAFKA_CLUSTER)),
                PAYMENT_SERVICE_KAFKA, document("security/kafka-acls.json and payment-service's consumers",
                        paymentService));
    }

    /** The ACL file's users and ACLs as the services run with the properties of {@code deploy} (a directory). */
    public static KafkaAcls acls(Path deploy) {
        return KafkaAcls.forTypes(DevstackConfig.REPOSITORY_AGGREGATE_TYPES, ServiceSettings.in(deploy)::isOn);
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
