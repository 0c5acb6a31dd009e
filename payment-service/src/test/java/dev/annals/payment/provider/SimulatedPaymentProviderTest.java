package dev.annals.payment.provider;

import dev.annals.payment.provider.ProviderLedger.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedPaymentProviderTest {

    record Settings(Duration latency, double declineRate, double silenceRate, double lateRate, Duration lateBy,
                    Optional<Path> ledgerFile) implements SimulatedPaymentProvider.Settings {

        Settings(Duration latency, double declineRate, double silenceRate, double lateRate) {
            this(latency, declineRate, silenceRate, lateRate, Duration.ofSeconds(5), Optional.empty());
        }
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SimulatedPaymentProvider provider = new SimulatedPaymentProvider(
            new Settings(Duration.ofMillis(1), 0.2, 0.1, 0.05));

    private static Charge charge(String key, String card) {
        return new Charge(key, "o-1", card);
    }

    private static <T> T answer(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void the_same_key_gets_the_same_answer() {
        for (int i = 0; i < 100; i++) {
            String key = UUID.randomUUID().toString();
            assertThat(provider.decide(charge(key, "card"))).isEqualTo(provider.decide(charge(key, "card")));
        }
    }

    @Test
    void test_cards_answer_as_their_number_says() {
        assertThat(provider.decide(charge("k", "card ending 4242"))).isEqualTo(SimulatedPaymentProvider.Decision.APPROVED);
        assertThat(provider.decide(charge("k", "card ending 0002"))).isEqualTo(SimulatedPaymentProvider.Decision.DECLINED);
        assertThat(provider.decide(charge("k", "card ending 0119"))).isEqualTo(SimulatedPaymentProvider.Decision.SILENT);
        assertThat(provider.decide(charge("k", "card ending 0341"))).isEqualTo(SimulatedPaymentProvider.Decision.LATE);
    }

    @Test
    void other_cards_are_declined_unanswered_and_late_at_the_configured_rates() {
        int n = 20_000;
        assertThat(share(n, SimulatedPaymentProvider.Decision.DECLINED)).isBetween(0.18, 0.22);
        assertThat(share(n, SimulatedPaymentProvider.Decision.SILENT)).isBetween(0.08, 0.12);
        assertThat(share(n, SimulatedPaymentProvider.Decision.LATE)).isBetween(0.04, 0.06);
    }

    private double share(int n, SimulatedPaymentProvider.Decision decision) {
        return IntStream.range(0, n).filter(i -> provider.decide(charge("key-" + i, "card")) == decision).count()
                / (double) n;
    }

    @Test
    void an_approval_and_a_decline_are_answered_and_silence_is_not() {
        assertThat(answer(provider.charge(charge("k", "card ending 4242")))).isInstanceOf(ChargeAnswer.Approved.class);
        assertThat(answer(provider.charge(charge("k2", "card ending 0002"))))
                .isEqualTo(new ChargeAnswer.Declined("card declined"));
        assertThatThrownBy(() -> provider.charge(charge("k3", "card ending 0119")).await()
                .atMost(Duration.ofMillis(200))).isInstanceOf(io.smallrye.mutiny.TimeoutException.class);
    }

    @Test
    void a_late_charge_is_approved_late_by_after_its_first_ask_and_answered_at_once_when_asked_after() {
        TestClock clock = new TestClock();
        SimulatedPaymentProvider late = new SimulatedPaymentProvider(new Settings(Duration.ZERO, 0, 0, 0), clock);
        assertThatThrownBy(() -> late.charge(charge("k", "card ending 0341")).await().atMost(Duration.ofMillis(200)))
                .as("not in time for a caller who waits less than late-by")
                .isInstanceOf(io.smallrye.mutiny.TimeoutException.class);
        assertThat(late.ledger().entries()).isEmpty();

        clock.now = clock.now.plusSeconds(5);
        assertThat(answer(late.charge(charge("k", "card ending 0341")))).isInstanceOf(ChargeAnswer.Approved.class);
        assertThat(late.ledger().entries()).extracting(ProviderLedger.Entry::step).containsExactly(Step.APPROVED);
    }

    @Test
    void a_reversal_cancels_a_charge_not_yet_approved_for_good_and_refunds_one_that_was() {
        TestClock clock = new TestClock();
        SimulatedPaymentProvider late = new SimulatedPaymentProvider(new Settings(Duration.ZERO, 0, 0, 0), clock);
        late.charge(charge("early", "card ending 0341")).subscribe().with(ignored -> { });
        assertThat(answer(late.reverse("early"))).isEqualTo(new Reversal.Cancelled());
        clock.now = clock.now.plusSeconds(60);
        assertThat(answer(late.charge(charge("early", "card ending 0341"))))
                .as("a cancelled charge never goes through").isInstanceOf(ChargeAnswer.Declined.class);

        late.charge(charge("then", "card ending 0341")).subscribe().with(ignored -> { });
        clock.now = clock.now.plusSeconds(5);
        assertThat(answer(late.reverse("then"))).as("its approval came, asked or not")
                .isInstanceOf(Reversal.Refunded.class);
        assertThat(late.ledger().entries()).extracting(entry -> entry.step() + " " + entry.key())
                .containsExactlyInAnyOrder("CANCELLED early", "APPROVED then", "REFUNDED then");
    }

    @Test
    void its_ledger_outlives_it_in_a_file(@TempDir Path directory) {
        Path file = directory.resolve("ledger");
        Settings settings = new Settings(Duration.ZERO, 0, 0, 0, Duration.ofSeconds(5), Optional.of(file));
        SimulatedPaymentProvider first = new SimulatedPaymentProvider(settings);
        answer(first.charge(charge("k", "card ending 4242")));
        answer(first.reverse("k"));

        SimulatedPaymentProvider restarted = new SimulatedPaymentProvider(settings);
        assertThat(restarted.ledger().entries()).extracting(ProviderLedger.Entry::step)
                .containsExactlyInAnyOrder(Step.APPROVED, Step.REFUNDED);
        assertThat(answer(restarted.charge(charge("k", "card ending 4242"))))
                .as("a refunded charge is not charged again").isInstanceOf(ChargeAnswer.Declined.class);
    }

    @Test
    void rates_that_are_not_shares_are_refused() {
        assertThatThrownBy(() -> new SimulatedPaymentProvider(new Settings(Duration.ZERO, 0.7, 0.2, 0.2)))
                .hasMessageContaining("late-rate");
    }
}
