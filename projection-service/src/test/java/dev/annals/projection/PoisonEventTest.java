package dev.annals.projection;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.DeadLetterLog;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.RenamedProjection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** Records no projection can apply go to its dead-letter topic with the reason, and the partition goes on. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class PoisonEventTest {

    @Inject
    Consumers projections;

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheEventsAfterItAreApplied() {
        // all in one partition, so the good account's events really come after the poison
        List<String> ids = BankHistory.idsInOnePartition("poison", 6);
        String badJson = ids.get(0);
        String unknownType = ids.get(1);
        String noRow = ids.get(2);
        String notACloudEvent = ids.get(3);
        String good = ids.get(4);
        String startsLate = ids.get(5);
        try (BankHistory history = new BankHistory();
             KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BankHistory.bootstrap()),
                     new StringSerializer(), new ByteArraySerializer())) {
            history.sendRaw(badJson, BankHistory.envelope(badJson, 1, "AccountOpened", bytes("{\"owner\":"), 0));
            history.sendRaw(unknownType, BankHistory.envelope(unknownType, 1, "MoneyPrinted", bytes("{}"), 0));
            // a deposit into an account that was never opened: the bank handler throws
            history.sendRaw(noRow, BankHistory.envelope(noRow, 1, "MoneyDeposited", bytes("{\"amount\":5}"), 0));
            // an account whose first event is version 5: versions 1-4 are missing, the row would hide it
            history.sendRaw(startsLate, BankHistory.envelope(startsLate, 5, "AccountOpened",
                    bytes("{\"owner\":\"eve\"}"), 0));
            history.flush();
            raw.send(new ProducerRecord<>(BankHistory.TOPIC, notACloudEvent, bytes("hello")));
            raw.flush();
            history.openWithDeposits(good, "ann", 2);
            history.send(good, new AccountCommand.Withdraw(1, BankHistory.TELLER));
            history.flush();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                ReadModel.assertEqualsFold("bank_accounts", List.of(good)));
        Map<String, String> errors = DeadLetterLog.of(BankAccountsProjection.NAME).stream()
                .filter(letter -> ids.contains(letter.key()))
                .collect(Collectors.toMap(DeadLetterLog.Letter::key, letter -> letter.headers().get("annals_error")));
        assertThat(errors).containsOnlyKeys(badJson, unknownType, noRow, notACloudEvent, startsLate);
        assertThat(errors.get(startsLate)).contains("AccountOpened v5 is not its next event");
        assertThat(errors.get(badJson)).contains("JSON");
        assertThat(errors.get(unknownType)).contains("unknown event type bank-account.MoneyPrinted");
        assertThat(errors.get(noRow)).contains("has no row");
        assertThat(errors.get(notACloudEvent)).contains("not a CloudEvent");
        DeadLetterLog.Letter letter = DeadLetterLog.of(BankAccountsProjection.NAME).stream()
                .filter(l -> l.key().equals(noRow)).findFirst().orElseThrow();
        assertThat(letter.headers()).containsEntry("annals_source_topic", BankHistory.TOPIC)
                .containsEntry("annals_consumer", BankAccountsProjection.NAME)
                .containsEntry("annals_attempts", "4")
                .containsKey("annals_source_offset")
                .containsEntry("ce_subject", noRow);
        // the journal has no handler error for the deposit, but cannot decode the other three either
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(DeadLetterLog.of("event-journal").stream().map(DeadLetterLog.Letter::key))
                        .contains(badJson, unknownType, notACloudEvent).doesNotContain(good));

        given().baseUri(Management.uri())
                .get("/admin/projections/" + BankAccountsProjection.NAME).then().statusCode(200)
                .body("deadLetters", greaterThanOrEqualTo(4))
                .body("lastError.message", notNullValue());
    }

    /**
     * A copy of an event applied before (its version reached; a producer's retry outside its transaction, a replay
     * tool) is dead-lettered for the record, but its account is not parked: the read model holds it as the log's
     * fold does, and its later events apply as ever. (Parking it held every later event for good, and no redrive
     * could apply the copy.)
     */
    @Test
    void aReplayedEventIsDeadLetteredAndItsAccountGoesOn() {
        String replayed = BankHistory.newAccountId("replayed");
        try (BankHistory history = new BankHistory()) {
            history.openWithDeposits(replayed, "ann", 1); // v1 opened, v2 a deposit of 1
            history.flush();
            history.sendRaw(replayed, BankHistory.envelope(replayed, 2, "MoneyDeposited", bytes("{\"amount\":1}"), 0));
            history.send(replayed, new AccountCommand.Deposit(5)); // v3
            history.flush();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ReadModel.accounts("bank_accounts", List.of(replayed)).get(replayed))
                        .isEqualTo(new ReadModel.AccountRow(replayed, "ann", 6, "OPEN", 3)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                DeadLetterLog.of(BankAccountsProjection.NAME).stream().filter(l -> l.key().equals(replayed))
                        .map(l -> l.headers().get("annals_error")))
                .singleElement().asString().contains("MoneyDeposited v2 is a replay"));
        given().baseUri(Management.uri()).get("/admin/consumers/" + BankAccountsProjection.NAME + "/parked").then()
                .statusCode(200).body("aggregateId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(replayed)));
    }

    /**
     * A dead letter Kafka refuses (its topic takes no record that large) holds its partition until it is stored:
     * nothing skipped, and the status says RETRYING with the reason, not RUNNING; once it fits, it is stored and
     * the projection goes on.
     */
    @Test
    void aDeadLetterKafkaRefusesShowsInTheStatusUntilItIsStored() throws Exception {
        RenamedProjection projection = RenamedProjection.bank("unstorable-letters");
        projections.start(projection);
        String deadLetters = projections.plan(projection.name()).deadLetterTopic();
        String undecodable = BankHistory.newAccountId("unstorable");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BankHistory.bootstrap()));
             BankHistory history = new BankHistory()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, deadLetters);
            alter(admin, topic, new AlterConfigOp(new ConfigEntry("max.message.bytes", "64"),
                    AlterConfigOp.OpType.SET));
            try {
                history.sendRaw(undecodable, BankHistory.envelope(undecodable, 1, "AccountOpened",
                        bytes("{\"owner\":"), 0));
                history.flush();
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> given().baseUri(Management.uri())
                        .get("/admin/projections/" + projection.name()).then().statusCode(200)
                        .body("state", is("RETRYING"))
                        .body("lastError.message", containsString(deadLetters)));
            } finally {
                alter(admin, topic, new AlterConfigOp(new ConfigEntry("max.message.bytes", ""),
                        AlterConfigOp.OpType.DELETE));
            }
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> DeadLetterLog.of(projection.name()).stream()
                .filter(letter -> letter.key().equals(undecodable)).count(), is(1L));
        // stored: RUNNING again at once, not only when the partition's next event comes
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/projections/" + projection.name()).then().statusCode(200).body("state", is("RUNNING")));
        List<String> after = BankHistory.accountsWithDeposits("unstorable-after", 1, 1);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), after));
        given().baseUri(Management.uri()).get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("state", is("RUNNING"));
    }

    private static void alter(Admin admin, ConfigResource topic, AlterConfigOp change) throws Exception {
        admin.incrementalAlterConfigs(Map.of(topic, List.of(change))).all().get(30, TimeUnit.SECONDS);
    }


    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
