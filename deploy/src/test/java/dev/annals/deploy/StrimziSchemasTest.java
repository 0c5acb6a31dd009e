package dev.annals.deploy;

import com.networknt.schema.Schema;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.kafka.KafkaAcls;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated Strimzi resources validate against the CRDs of the pinned operator (its {@code api} tests jar,
 * {@code crds/v1/}), strictly: a misspelt field, a wrong type and a missing required field each fail.
 */
class StrimziSchemasTest {

    private static final Schema KAFKA_USER = CrdSchemas.of("crds/v1/044-Crd-kafkauser.yaml", "v1");
    private static final Schema KAFKA_TOPIC = CrdSchemas.of("crds/v1/043-Crd-kafkatopic.yaml", "v1");

    @Test
    void every_generated_user_and_topic_is_valid() {
        KafkaAcls acls = KafkaAcls.forTypes(DevstackConfig.REPOSITORY_AGGREGATE_TYPES);
        List<Map<String, Object>> users = KafkaUserResources.of(acls, GeneratedManifests.KAFKA_CLUSTER, name -> true);
        List<Map<String, Object>> topics = new ArrayList<>(KafkaTopicResources.of(
                DevstackConfig.REPOSITORY_AGGREGATE_TYPES, acls.consumers().get("projection-service"),
                GeneratedManifests.KAFKA_CLUSTER));
        topics.addAll(KafkaTopicResources.ofConsumerService(GeneratedManifests.PAYMENT_SERVICE, true,
                acls.consumers().get(GeneratedManifests.PAYMENT_SERVICE), GeneratedManifests.KAFKA_CLUSTER));
        assertThat(users).isNotEmpty();
        assertThat(topics).isNotEmpty();
        users.forEach(user -> assertThat(CrdSchemas.problems(KAFKA_USER, user)).as("%s", name(user)).isEmpty());
        topics.forEach(topic -> assertThat(CrdSchemas.problems(KAFKA_TOPIC, topic)).as("%s", name(topic)).isEmpty());
    }

    @Test
    void a_misspelt_field_fails() {
        Map<String, Object> topic = copy(firstTopic());
        spec(topic).put("partitons", spec(topic).remove("partitions"));
        assertThat(CrdSchemas.problems(KAFKA_TOPIC, topic)).anySatisfy(problem ->
                assertThat(problem).contains("partitons"));
    }

    @Test
    void a_wrong_type_fails() {
        Map<String, Object> topic = copy(firstTopic());
        spec(topic).put("partitions", "six");
        assertThat(CrdSchemas.problems(KAFKA_TOPIC, topic)).anySatisfy(problem ->
                assertThat(problem).contains("partitions"));
    }

    @Test
    void a_missing_required_field_and_a_value_outside_an_enum_fail() {
        Map<String, Object> user = copy(KafkaUserResources.of(
                KafkaAcls.forTypes(DevstackConfig.REPOSITORY_AGGREGATE_TYPES), GeneratedManifests.KAFKA_CLUSTER,
                name -> true).get(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> authorization = (Map<String, Object>) spec(user).get("authorization");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> acls = new ArrayList<>((List<Map<String, Object>>) authorization.get("acls"));
        Map<String, Object> withoutOperations = new LinkedHashMap<>(acls.get(0));
        withoutOperations.remove("operations");
        acls.set(0, withoutOperations);
        authorization.put("acls", acls);
        assertThat(CrdSchemas.problems(KAFKA_USER, user)).anySatisfy(problem ->
                assertThat(problem).contains("operations"));

        Map<String, Object> scram = copy(KafkaUserResources.of(
                KafkaAcls.forTypes(DevstackConfig.REPOSITORY_AGGREGATE_TYPES), GeneratedManifests.KAFKA_CLUSTER,
                name -> true).get(0));
        spec(scram).put("authentication", Map.of("type", "scram-sha-256"));
        assertThat(CrdSchemas.problems(KAFKA_USER, scram)).anySatisfy(problem ->
                assertThat(problem).contains("authentication"));
    }

    private static Map<String, Object> firstTopic() {
        return KafkaTopicResources.of(List.of("bank-account"), List.of(), GeneratedManifests.KAFKA_CLUSTER).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("spec");
    }

    /** One level deeper than the resource: the spec is changed, the generated resource is not. */
    private static Map<String, Object> copy(Map<String, Object> resource) {
        Map<String, Object> copy = new LinkedHashMap<>(resource);
        copy.put("spec", new LinkedHashMap<>(spec(resource)));
        @SuppressWarnings("unchecked")
        Map<String, Object> authorization = (Map<String, Object>) spec(copy).get("authorization");
        if (authorization != null) {
            spec(copy).put("authorization", new LinkedHashMap<>(authorization));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object name(Map<String, Object> resource) {
        return ((Map<String, Object>) resource.get("metadata")).get("name");
    }
}
