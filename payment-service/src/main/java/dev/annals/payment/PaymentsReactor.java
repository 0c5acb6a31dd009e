package dev.annals.payment;

import dev.annals.consumer.CommandOutcome;
import dev.annals.consumer.Reaction;
import dev.annals.consumer.Reactor;
import dev.annals.consumer.ReactorHandlers;
import dev.annals.consumer.Send;
import dev.annals.domain.fooddelivery.FoodOrderCommand;
import dev.annals.domain.fooddelivery.FoodOrderCommand.ConfirmPayment;
import dev.annals.domain.fooddelivery.FoodOrderCommand.FailPayment;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentInitiated;
import dev.annals.domain.fooddelivery.FoodOrderType;
import dev.annals.payment.provider.ChargeAnswer;
import dev.annals.payment.provider.PaymentProvider;
import dev.annals.payment.provider.Reversal;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Takes the payment of a food order: on {@code PaymentInitiated} it charges the payment provider and confirms or
 * fails the payment. The pattern is the one for any call whose outcome may stay unknown (docs/consumer-services.md):
 *
 * <ul>
 *   <li>The charge carries the key Annals derives for it, so the provider charges once however often it is asked —
 *       after a crash, or to learn what became of it.</li>
 *   <li>No answer within {@code payments.timeout} is not a failure: the charge may still go through. The payment
 *       stays pending, and a deadline ({@value #ASK_AGAIN}) asks the provider again under the same key, every
 *       {@code payments.ask-again-after}. A late approval confirms the payment then.</li>
 *   <li>Still no answer after {@code payments.ask-again-times}: the payment is failed and the charge reversed —
 *       cancelled, or refunded if it went through after all — so no customer pays for an order that failed.</li>
 *   <li>Each decision is sent if the order is still where the payment left it ({@code ifAt} the event's version),
 *       under a key of the payment and the decision, so each initiated payment gets exactly one decision whichever
 *       reaction sends it. An approved charge the order turns away (it was failed) is refunded; a charge given up
 *       is reversed only if the order took the failure.</li>
 *   <li>Every step is in this service's own tables: the payment's state ({@code payments}) and its history
 *       ({@code payment_steps}).</li>
 * </ul>
 */
@ApplicationScoped
public class PaymentsReactor implements Reactor {

    public static final String NAME = "payments";
    /** The deadline that asks the provider again about a charge that went unanswered. */
    public static final String ASK_AGAIN = "ask-again";

    private final PaymentProvider provider;
    private final PaymentSettings settings;
    private final Clock clock;

    @Inject
    public PaymentsReactor(PaymentProvider provider, PaymentSettings settings) {
        this(provider, settings, Clock.systemUTC());
    }

    PaymentsReactor(PaymentProvider provider, PaymentSettings settings, Clock clock) {
        this.provider = provider;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReactorHandlers handlers() {
        return ReactorHandlers.of(FoodOrderType.TYPE)
                .on(PaymentInitiated.class, (initiated, event, react) -> {
                    Payment payment = new Payment(event.aggregateId(), event.aggregateVersion(), react.key("charge"),
                            initiated.paymentData());
                    return react.call("charge", key -> charge(payment))
                            .chain(answer -> settle(react, payment, answer, 0));
                })
                .onDeadline(ASK_AGAIN, (deadline, react) -> Payments.pending(react.sql(), deadline.key())
                        .chain(pending -> pending.map(asked -> charge(asked.payment())
                                        .chain(answer -> settle(react, asked.payment(), answer, asked.asks() + 1)))
                                .orElseGet(() -> Uni.createFrom().voidItem())))
                .build();
    }

    /** The provider's answer, or that there was none in time. */
    private Uni<ChargeAnswer> charge(Payment payment) {
        return provider.charge(payment.charge()).ifNoItem().after(settings.timeout())
                .recoverWithItem(new ChargeAnswer.NoAnswer(settings.timeout()));
    }

    /** What an answer calls for, after {@code asks} asks again. */
    private Uni<Void> settle(Reaction react, Payment payment, ChargeAnswer answer, int asks) {
        return switch (answer) {
            case ChargeAnswer.Approved(String reference) -> decide(react, payment, new ConfirmPayment(null))
                    .chain(outcome -> {
                        Payments.decided(react.sql(), payment, answer, outcome, reference, asks);
                        // approved, but the order would not have it (it moved on): the money goes back
                        return outcome instanceof CommandOutcome.Accepted ? Uni.createFrom().voidItem()
                                : reverse(react, payment, "the order turned the approved charge away");
                    });
            case ChargeAnswer.Declined(String reason) -> decide(react, payment, new FailPayment(reason, null))
                    .invoke(outcome -> Payments.decided(react.sql(), payment, answer, outcome, null, asks))
                    .replaceWithVoid();
            case ChargeAnswer.NoAnswer(Duration waited) when asks < settings.askAgainTimes() -> {
                Payments.unanswered(react.sql(), payment, waited, asks);
                react.schedule(ASK_AGAIN, payment.deadlineKey(), clock.instant().plus(settings.askAgainAfter()));
                yield Uni.createFrom().voidItem();
            }
            case ChargeAnswer.NoAnswer(Duration waited) -> decide(react, payment, new FailPayment(
                    "the payment provider did not answer, asked " + (asks + 1) + " times", null))
                    .invoke(outcome -> Payments.decided(react.sql(), payment, answer, outcome, null, asks))
                    // failed: the charge must never go through; turned away, the order was decided otherwise (a
                    // late approval confirmed it, on another instance during a rebalance): the charge stands
                    .chain(outcome -> outcome instanceof CommandOutcome.Accepted
                            ? reverse(react, payment, "given up after " + (asks + 1) + " asks")
                            : Uni.createFrom().voidItem());
        };
    }

    /**
     * The decision, sent if the order is still where the payment left it; its caller is this service's. Its key is
     * the payment's and the decision's, not the reaction's: the event's reaction and any ask-again deadline — on
     * two instances during a rebalance, say — that reach the same decision send one command, and the processor
     * answers the second as it answered the first. Only a different decision meets a {@code VersionConflict}.
     */
    private static Uni<CommandOutcome> decide(Reaction react, Payment payment, FoodOrderCommand decision) {
        String name = switch (decision) {
            case ConfirmPayment confirm -> "confirm-payment";
            case FailPayment fail -> "fail-payment";
            default -> throw new IllegalArgumentException("not a payment decision: " + decision);
        };
        return react.send(Send.to(FoodOrderType.TYPE, payment.orderId(), decision).ifAt(payment.initiatedVersion())
                .keyed(payment.deadlineKey() + "/" + name));
    }

    private Uni<Void> reverse(Reaction react, Payment payment, String why) {
        return provider.reverse(payment.chargeKey()).ifNoItem().after(settings.timeout())
                .failWith(() -> new TimeoutException("the payment provider did not answer the reversal of "
                        + payment.chargeKey() + " in time; it is asked again"))
                .invoke(reversal -> Payments.reversed(react.sql(), payment, reversal, why))
                .replaceWithVoid();
    }
}
