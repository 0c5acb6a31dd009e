package dev.annals.payment;

import dev.annals.consumer.CommandOutcome;
import dev.annals.consumer.Send;
import dev.annals.domain.fooddelivery.FoodOrderCommand.ConfirmPayment;
import dev.annals.domain.fooddelivery.FoodOrderCommand.FailPayment;
import dev.annals.domain.fooddelivery.FoodOrderEvent;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderCreated;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentFailed;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentInitiated;
import dev.annals.domain.fooddelivery.FoodOrderType;
import dev.annals.payment.provider.SimulatedPaymentProvider;
import dev.annals.test.Events;
import dev.annals.test.ReactorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.annals.test.ProjectionFixture.row;
import static org.assertj.core.api.Assertions.assertThat;

/** The payments reactor: an initiated payment gets exactly one decision, from the provider's answer or its silence. */
class PaymentsReactorTest {

    private static final OrderCreated CREATED = new OrderCreated("ann", "pizzeria", Map.of("margherita", 1), "42",
            Instant.parse("2026-01-01T00:00:00Z"));
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final ReactorFixture payments = ReactorFixture.of(new PaymentsReactor(
            new SimulatedPaymentProvider(new Provider(Duration.ofMillis(1), 0, 0)), () -> TIMEOUT));

    record Provider(Duration latency, double declineRate, double silenceRate)
            implements SimulatedPaymentProvider.Settings {
    }

    @AfterEach
    void close() {
        payments.close();
    }

    private static Events order(FoodOrderEvent... events) {
        return Events.of(FoodOrderType.TYPE, "o-1", events);
    }

    @Test
    void an_approved_charge_confirms_the_payment_if_the_order_is_still_where_the_payment_left_it() {
        payments.when(order(CREATED, new PaymentInitiated("card ending 4242")))
                .thenSends(Send.to(FoodOrderType.TYPE, "o-1", new ConfirmPayment(null)).ifAt(2));
        assertThat(payments.rows("select order_id, initiated_version, answer, outcome from payments"))
                .containsExactly(row("o-1", 2, "Approved", "Accepted"));
    }

    @Test
    void a_declined_charge_fails_the_payment_with_the_providers_reason() {
        payments.when(order(CREATED, new PaymentInitiated("card ending 0002")))
                .thenSends(Send.to(FoodOrderType.TYPE, "o-1", new FailPayment("card declined", null)).ifAt(2));
    }

    @Test
    void a_charge_not_answered_in_time_fails_the_payment() {
        payments.when(order(CREATED, new PaymentInitiated("card ending 0119")))
                .thenSends(Send.to(FoodOrderType.TYPE, "o-1",
                        new FailPayment("the payment provider did not answer within 300 ms", null)).ifAt(2));
        assertThat(payments.rows("select answer from payments")).containsExactly(row("NoAnswer"));
    }

    @Test
    void a_payment_initiated_again_after_a_failure_is_taken_again() {
        payments.given(order(CREATED, new PaymentInitiated("card ending 0002"), new PaymentFailed("card declined")))
                .when(order(new PaymentInitiated("card ending 4242")))
                .thenSends(Send.to(FoodOrderType.TYPE, "o-1", new ConfirmPayment(null)).ifAt(4));
        assertThat(payments.rows("select initiated_version, outcome from payments order by initiated_version"))
                .containsExactly(row(2, "Accepted"), row(4, "Accepted"));
    }

    @Test
    void a_decision_the_order_turns_away_is_kept_for_someone_to_look_at() {
        payments.answering(send -> new CommandOutcome.VersionConflict(3, "the order is at version 3"))
                .when(order(CREATED, new PaymentInitiated("card ending 4242")))
                .thenHandled();
        assertThat(payments.rows("select answer, outcome, reason from payments"))
                .containsExactly(row("Approved", "VersionConflict", "the order was at version 3"));
    }

    @Test
    void other_events_of_an_order_cause_nothing() {
        payments.when(order(CREATED)).thenSends();
    }

    @Test
    void the_charge_carries_the_key_derived_for_it_and_the_command_its_own() {
        var sent = payments.when(order(CREATED, new PaymentInitiated("card ending 4242"))).sent();
        assertThat(sent.getFirst().idempotencyKey()).startsWith("payments/").endsWith("/1-confirm-payment");
    }
}
