package dev.annals.payment.provider;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedPaymentProviderTest {

    record Settings(Duration latency, double declineRate, double silenceRate)
            implements SimulatedPaymentProvider.Settings {
    }

    private final SimulatedPaymentProvider provider = new SimulatedPaymentProvider(
            new Settings(Duration.ofMillis(1), 0.2, 0.1));

    private static Charge charge(String key, String card) {
        return new Charge(key, "o-1", card);
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
    }

    @Test
    void other_cards_are_declined_and_unanswered_at_the_configured_rates() {
        int n = 20_000;
        long declined = IntStream.range(0, n).filter(i -> provider.decide(charge("key-" + i, "card"))
                == SimulatedPaymentProvider.Decision.DECLINED).count();
        long silent = IntStream.range(0, n).filter(i -> provider.decide(charge("key-" + i, "card"))
                == SimulatedPaymentProvider.Decision.SILENT).count();
        assertThat(declined / (double) n).isBetween(0.18, 0.22);
        assertThat(silent / (double) n).isBetween(0.08, 0.12);
    }

    @Test
    void an_approval_and_a_decline_are_answered_and_silence_is_not() {
        assertThat(provider.charge(charge("k", "card ending 4242")).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(ChargeAnswer.Approved.class);
        assertThat(provider.charge(charge("k", "card ending 0002")).await().atMost(Duration.ofSeconds(5)))
                .isEqualTo(new ChargeAnswer.Declined("card declined"));
        assertThatThrownBy(() -> provider.charge(charge("k", "card ending 0119")).await()
                .atMost(Duration.ofMillis(200))).isInstanceOf(io.smallrye.mutiny.TimeoutException.class);
    }

    @Test
    void rates_that_are_not_shares_are_refused() {
        assertThatThrownBy(() -> new SimulatedPaymentProvider(new Settings(Duration.ZERO, 0.7, 0.4)))
                .hasMessageContaining("decline-rate");
    }
}
