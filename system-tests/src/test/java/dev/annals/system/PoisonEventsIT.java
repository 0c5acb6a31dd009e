package dev.annals.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.system.support.Http;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import dev.annals.system.support.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 6, second half: events no projection can apply, written straight to an events topic as a buggy or
 * hostile producer would, go to each projection's dead-letter topic, and the projections go on with the events
 * after them.
 */
@Order(3)
@ExtendWith(SystemExtension.class)
class PoisonEventsIT {

    private static final String TOPIC = "annals.bank-account.events";
    /** The projections that read bank-account events, and so meet the poison. */
    private static final List<String> BANK_PROJECTIONS = List.of("event-journal", "aggregate-state", "bank-accounts");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void poisonEventsGoToTheDeadLetterTopicsAndTheProjectionsGoOn(TheSystem system) throws Exception {
        Http http = system.http();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String noCloudEvent = "poison-" + run + "-headerless";
        String notJson = "poison-" + run + "-not-json";
        String versionGap = "poison-" + run + "-gap";
        try (KafkaProducer<String, byte[]> producer = producer(system)) {
            producer.send(new ProducerRecord<>(TOPIC, noCloudEvent, bytes("not a CloudEvent"))).get();
            producer.send(withHeaders(notJson, 1, "bank-account.MoneyDeposited", "{\"amount\":")).get();
            // an aggregate's first event must be version 1; version 5 means events were lost before it
            producer.send(withHeaders(versionGap, 5, "bank-account.AccountOpened", "{\"owner\":\"eve\"}")).get();
        }

        // every bank projection dead-letters what it cannot decode; the read model with versions also the gap
        Topics topics = new Topics(system.endpoints().kafkaBootstrapServers());
        for (String projection : BANK_PROJECTIONS) {
            Set<String> expected = projection.equals("bank-accounts") ? Set.of(noCloudEvent, notJson, versionGap)
                    : Set.of(noCloudEvent, notJson);
            Awaitility.await("dead letters of " + projection).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(deadLetterKeys(topics, projection, run))
                            .as("keys dead-lettered by " + projection).containsAll(expected));
        }

        // and they go on: a command after the poison is applied by all three, which a token read proves
        String account = "after-poison-" + run;
        String command = system.commandUrls().get(1);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        assertThat(http.post(command + "/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", json)
                .status()).isEqualTo(200);
        Http.Answer deposit = http.post(command + "/api/bank-account/" + account + "/deposit", "{\"amount\":42}",
                json);
        assertThat(deposit.status()).isEqualTo(200);
        Map<String, String> token = Map.of("Annals-Consistency-Token",
                deposit.header("Annals-Consistency-Token").orElseThrow());
        assertThat(read(http, system.queryUrl() + "/api/bank/accounts/" + account, token).path("balance").asLong())
                .isEqualTo(42);
        assertThat(read(http, system.queryUrl() + "/api/bank-account/" + account, token).path("version").asLong())
                .isEqualTo(2);
        assertThat(read(http, system.queryUrl() + "/api/bank-account/" + account + "/events", token)
                .path("items").size()).isEqualTo(2);

        JsonNode status = JSON.readTree(http.get(system.projectionAdminUrl() + "/admin/projections", Map.of()).body());
        for (JsonNode projection : status) {
            assertThat(projection.path("state").asText()).as("state of " + projection.path("name"))
                    .isEqualTo("RUNNING");
        }
        system.summary().checked(BANK_PROJECTIONS.size() + 4L);
        system.summary().line("poison events: 3 written, dead-lettered by " + BANK_PROJECTIONS
                + ", every projection still running");
    }

    private static JsonNode read(Http http, String url, Map<String, String> token) throws Exception {
        Http.Answer answer = http.get(url, token);
        assertThat(answer.status()).as("read of " + url + ": " + answer).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static Set<String> deadLetterKeys(Topics topics, String projection, String run) {
        List<ConsumerRecord<byte[], byte[]>> letters = topics.readAll("annals.dlq." + projection);
        return letters.stream().filter(letter -> letter.key() != null)
                .map(letter -> new String(letter.key(), StandardCharsets.UTF_8))
                .filter(key -> key.contains(run)).collect(Collectors.toSet());
    }

    /** A CloudEvent in binary mode, as the command processor writes them, with the given version and data. */
    private static ProducerRecord<String, byte[]> withHeaders(String subject, long version, String type,
                                                              String data) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, subject, bytes(data));
        Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/annals/bank-account",
                "ce_type", type, "ce_subject", subject, "ce_time", Instant.now().toString(),
                "ce_aggregateversion", Long.toString(version), "ce_commandid", UUID.randomUUID().toString(),
                "ce_commandoffset", "0", "ce_correlationid", UUID.randomUUID().toString())
                .forEach((name, value) -> record.headers().add(name, bytes(value)));
        record.headers().add("ce_schemaversion", bytes("1"));
        record.headers().add("content-type", bytes("application/json"));
        return record;
    }

    private static KafkaProducer<String, byte[]> producer(TheSystem system) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.endpoints().kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
