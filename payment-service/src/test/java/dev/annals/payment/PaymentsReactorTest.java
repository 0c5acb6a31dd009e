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
import dev.annals.payment.provider.Charge;
import dev.annals.payment.provider.ChargeAnswer;
import dev.annals.payment.provider.PaymentProvider;
import dev.annals.payment.provider.Reversal;
import dev.annals.test.Events;
import dev.annals.test.ReactorFixture;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static dev.annals.test.ProjectionFixture.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payments reactor: an initiated payment gets exactly one decision, from the provider's answer — however late
 * it comes — and a charge that is not confirmed in the end is reversed.
 */
class PaymentsReactorTest {

    private static final OrderCreated CREATED = new OrderCreated("ann", "pizzeria", Map.of("margherita", 1), "42",
            Instant.parse("2026-01-01T00:00:00Z"));
    private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");
    private static final Duration ASK_AGAIN_AFTER = Duration.ofSeconds(5);

    record Settings(Duration timeout, Duration askAgainAfter, int askAgainTimes) implements PaymentSettings {
    }

    /** A provider that answers each charge as scripted, in turn (silent once the script ends), and logs reversals. */
    static final class ScriptedProvider implements PaymentProvider {

        final Deque<ChargeAnswer> answers = new ArrayDeque<>();
        final List<String> charged = new ArrayList<>();
        final List<String> reversed = new ArrayList<>();
        Reversal reversal = new Reversal.Cancelled();

        ScriptedProvider answering(ChargeAnswer... script) {
            answers.addAll(List.of(script));
            return this;
        }

        @Override
        public Uni<ChargeAnswer> charge(Charge charge) {
            charged.add(charge.key());
            ChargeAnswer next = answers.poll();
            return next == null || next instanceof ChargeAnswer.NoAnswer ? Uni.createFrom().nothing()
                    : Uni.createFrom().item(next);
        }

        @Override
        public Uni<Reversal> reverse(String chargeKey) {
            reversed.add(chargeKey);
            return Uni.createFrom().item(reversal);
        }
    }

    private static final ChargeAnswer SILENCE = new ChargeAnswer.NoAnswer(Duration.ZERO);
    private static final ChargeAnswer APPROVED = new ChargeAnswer.Approved("ref-1");

    private final ScriptedProvider provider = new ScriptedProvider();
    private ReactorFixture payments = reactor(2);

    private ReactorFixture reactor(int askAgainTimes) {
        return ReactorFixture.of(new PaymentsReactor(provider, new Settings(Duration.ofMillis(200), ASK_AGAIN_AFTER,
                askAgainTimes), Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @AfterEach
    void close() {
        payments.close();
    }

    private static Events order(FoodOrderEvent... events) {
        return Events.of(FoodOrderType.TYPE, "o-1", events);
    }

    private List<List<Object>> steps() {
        return payments.rows("select step from payment_steps order by at");
    }

    @Test
    void an_approved_charge_confirms_the_payment_if_the_order_is_still_where_the_payment_left_it() {
        provider.answering(APPROVED);
        payments.when(order(CREATED, new PaymentInitiated("card ending 4242")))
                .thenSends(Send.to(FoodOrderType.TYPE, "o-1", new ConfirmPayment(null)).ifAt(2));
        assertThat(payments.rows("select order_id, initiated_version, answer, reference, outcome, status"
                + " from payments")).containsExactly(row("o-1", 2, "Approved", "ref-1", "Accepted", "confirmed"));
        assertThat(provider.reversed).isEmpty();
    }

    @Test
    void a_declined_charge_fails_the_payment_with_the_providers_reason() {
        provider.answering(new ChargeAnswer.Declined("card declined"));
        payments.when(order(CREATED, new PaymentInitiated("card ending 0002")))
                .thenSends(Send.to(FoodOrderType.TYPE, "o-1", new FailPayment("card declined", null)).ifAt(2));
        assertThat(payments.rows("select status from payments")).containsExactly(row("failed"));
    }

    @Test
    void a_charge_not_answered_in_time_is_not_a_failure_the_payment_stays_pending_and_the_provider_is_asked_again() {
        provider.answering(SILENCE);
        payments.when(order(CREATED, new PaymentInitiated("card ending 0341")))
                .thenSends()
                .thenDeadline(PaymentsReactor.ASK_AGAIN, "o-1@2", NOW.plus(ASK_AGAIN_AFTER));
        assertThat(payments.rows("select answer, status, asks from payments"))
                .containsExactly(row("NoAnswer", "pending", 0));
    }

    @Test
    void a_late_approval_confirms_the_payment_when_the_provider_is_asked_again_under_the_same_key() {
        provider.answering(SILENCE, APPROVED);
        payments.when(order(CREATED, new PaymentInitiated("card ending 0341")))
                .whenDue(PaymentsReactor.ASK_AGAIN, "o-1@2")
                .thenSends(Send.to(FoodOrderType.TYPE, "o-1", new ConfirmPayment(null)).ifAt(2))
                .thenNoDeadline(PaymentsReactor.ASK_AGAIN, "o-1@2");
        assertThat(provider.charged).as("asked twice, under one key").hasSize(2)
                .allMatch(key -> key.equals(provider.charged.getFirst()));
        assertThat(payments.rows("select status, reference from payments")).containsExactly(row("confirmed", "ref-1"));
        assertThat(steps()).containsExactly(row("unanswered"), row("confirmed"));
    }

    @Test
    void still_unanswered_after_every_ask_the_payment_is_failed_and_the_charge_reversed() {
        payments.close();
        payments = reactor(1);
        provider.answering(SILENCE, SILENCE);
        payments.when(order(CREATED, new PaymentInitiated("card ending 0119")))
                .whenDue(PaymentsReactor.ASK_AGAIN, "o-1@2")
                .thenSends(Send.to(FoodOrderType.TYPE, "o-1", new FailPayment(
                        "the payment provider did not answer, asked 2 times", null)).ifAt(2))
                .thenNoDeadline(PaymentsReactor.ASK_AGAIN, "o-1@2");
        assertThat(provider.reversed).containsExactly(provider.charged.getFirst());
        assertThat(payments.rows("select status, asks from payments")).containsExactly(row("cancelled", 1));
        assertThat(steps()).containsExactly(row("unanswered"), row("failed"), row("cancelled"));
    }

    @Test
    void a_payment_given_up_whose_order_was_decided_otherwise_keeps_its_charge() {
        payments.close();
        payments = reactor(0);
        provider.answering(SILENCE);
        payments.answering(send -> new CommandOutcome.VersionConflict(3, "the order is at version 3"))
                .when(order(CREATED, new PaymentInitiated("card ending 0119")))
                .thenHandled();
        assertThat(provider.reversed).as("a late approval confirmed it meanwhile: the charge stands").isEmpty();
        assertThat(payments.rows("select status from payments")).containsExactly(row("turned-away"));
    }

    @Test
    void an_approved_charge_the_order_turns_away_is_refunded() {
        provider.answering(APPROVED);
        provider.reversal = new Reversal.Refunded("refund-1");
        payments.answering(send -> new CommandOutcome.VersionConflict(3, "the order is at version 3"))
                .when(order(CREATED, new PaymentInitiated("card ending 4242")))
                .thenHandled();
        assertThat(provider.reversed).hasSize(1);
        assertThat(payments.rows("select answer, outcome, reason, status, refund_reference from payments"))
                .containsExactly(row("Approved", "VersionConflict", "the order was at version 3", "refunded",
                        "refund-1"));
    }

    @Test
    void a_payment_initiated_again_after_a_failure_is_taken_again() {
        provider.answering(new ChargeAnswer.Declined("card declined"), APPROVED);
        payments.given(order(CREATED, new PaymentInitiated("card ending 0002"), new PaymentFailed("card declined")))
                .when(order(new PaymentInitiated("card ending 4242")))
                .thenSends(Send.to(FoodOrderType.TYPE, "o-1", new ConfirmPayment(null)).ifAt(4));
        assertThat(payments.rows("select initiated_version, status from payments order by initiated_version"))
                .containsExactly(row(2, "failed"), row(4, "confirmed"));
    }

    @Test
    void other_events_of_an_order_cause_nothing() {
        payments.when(order(CREATED)).thenSends();
        assertThat(provider.charged).isEmpty();
    }

    @Test
    void the_charge_carries_the_key_derived_for_it_and_the_command_its_own() {
        provider.answering(APPROVED);
        var sent = payments.when(order(CREATED, new PaymentInitiated("card ending 4242"))).sent();
        assertThat(provider.charged).singleElement().asString().startsWith("payments/").endsWith("/call-charge");
        assertThat(sent.getFirst().idempotencyKey()).as("the payment's and the decision's, whoever sends it")
                .isEqualTo("payments/key/o-1@2/confirm-payment");
    }
}
