package dev.annals.projection;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.ReadModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * Blue/green rebuild: the projection is replayed from offset 0 into new tables while readers keep reading the old
 * ones through the published views, then the views move to the new tables in one transaction.
 */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class RebuildTest {

    @Test
    void aRebuildGivesTheIdenticalReadModelWhileReadersKeepBeingAnswered() throws Exception {
        List<String> ids = BankHistory.newAccountIds("rebuild", 50);
        try (BankHistory history = new BankHistory()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner-" + id, 20));
            history.flush();
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold("bank_accounts", ids));
        Map<String, ReadModel.AccountRow> before = ReadModel.accounts("bank_accounts", ids);
        int generation = given().get("/admin/projections/" + BankAccountsProjection.NAME).then().statusCode(200)
                .extract().path("generation");

        // a reader, as the query side's SELECT-only role, never sees anything but the full, same read model
        List<String> wrongReads = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            try (Connection connection = ReadModel.reader();
                 PreparedStatement query = connection.prepareStatement("select count(*), sum(balance), sum(version)"
                         + " from bank_accounts.accounts where id = any(?)")) {
                query.setArray(1, connection.createArrayOf("text", ids.toArray()));
                long balance = before.values().stream().mapToLong(ReadModel.AccountRow::balance).sum();
                long versions = before.values().stream().mapToLong(ReadModel.AccountRow::version).sum();
                while (reading.get()) {
                    try (ResultSet result = query.executeQuery()) {
                        result.next();
                        if (result.getLong(1) != ids.size() || result.getLong(2) != balance
                                || result.getLong(3) != versions) {
                            wrongReads.add(result.getLong(1) + " rows, balance " + result.getLong(2));
                        }
                    }
                    reads.incrementAndGet();
                }
            } catch (Exception e) {
                wrongReads.add(e.toString());
            }
        });
        reader.start();
        try {
            given().post("/admin/projections/" + BankAccountsProjection.NAME + "/rebuild").then().statusCode(202)
                    .body("generation", is(generation + 1));
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> given()
                    .get("/admin/projections/" + BankAccountsProjection.NAME).then().statusCode(200)
                    .body("generation", is(generation + 1))
                    .body("rebuild", nullValue()));
        } finally {
            reading.set(false);
            reader.join();
        }
        assertThat(wrongReads).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(ReadModel.accounts("bank_accounts", ids)).isEqualTo(before);
        ReadModel.assertEqualsFold("bank_accounts", ids);
        // the old generation's tables are gone; the view shows the new ones
        assertThat(ReadModel.number("select count(*) from pg_namespace where nspname = ?",
                "bank_accounts_g" + generation)).isZero();
        assertThat(ReadModel.number("select count(*) from information_schema.view_table_usage"
                + " where view_schema = 'bank_accounts' and table_schema = ?",
                "bank_accounts_g" + (generation + 1))).isEqualTo(1);
    }
}
