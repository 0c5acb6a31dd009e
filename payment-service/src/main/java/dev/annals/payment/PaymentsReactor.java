package dev.annals.payment;

import dev.annals.consumer.CommandOutcome;
import dev.annals.consumer.Reaction;
import dev.annals.consumer.Reactor;
import dev.annals.consumer.ReactorHandlers;
import dev.annals.consumer.Send;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.domain.fooddelivery.FoodOrderCommand;
import dev.annals.domain.fooddelivery.FoodOrderCommand.ConfirmPayment;
import dev.annals.domain.fooddelivery.FoodOrderCommand.FailPayment;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentInitiated;
import dev.annals.domain.fooddelivery.FoodOrderType;
import dev.annals.payment.provider.Charge;
import dev.annals.payment.provider.ChargeAnswer;
import dev.annals.payment.provider.PaymentProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Takes the payment of a food order: on {@code PaymentInitiated} it charges the payment provider and confirms or
 * fails the payment. A charge not answered within {@code payments.timeout} fails it.
 *
 * <ul>
 *   <li>The charge carries the key Annals derives for it, so the provider charges once however often a crash
 *       makes the service ask again.</li>
 *   <li>The decision is sent if the order is still where the payment left it ({@code ifAt} the event's version),
 *       so each initiated payment gets exactly one decision, whoever else acts on the order.</li>
 *   <li>What came of it — the provider's answer, and the order's — is kept in this service's own table, with its
 *       checkpoint.</li>
 * </ul>
 */
@ApplicationScoped
public class PaymentsReactor implements Reactor {

    public static final String NAME = "payments";

    private final PaymentProvider provider;
    private final Duration timeout;

    public PaymentsReactor(PaymentProvider provider, PaymentSettings settings) {
        this.provider = provider;
        this.timeout = settings.timeout();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReactorHandlers handlers() {
        return ReactorHandlers.of(FoodOrderType.TYPE)
                .on(PaymentInitiated.class, (initiated, event, react) -> react
                        .call("charge", key -> charge(new Charge(key, event.aggregateId(), initiated.paymentData())))
                        .chain(answer -> react.send(Send.to(FoodOrderType.TYPE, event.aggregateId(), decision(answer))
                                        .ifAt(event.aggregateVersion()))
                                .invoke(outcome -> record(react, event, answer, outcome)))
                        .replaceWithVoid())
                .build();
    }

    /** The provider's answer, or that there was none in time. */
    private Uni<ChargeAnswer> charge(Charge charge) {
        return provider.charge(charge).ifNoItem().after(timeout).recoverWithItem(new ChargeAnswer.NoAnswer(timeout));
    }

    /** The command the answer calls for; its caller ({@code by}) is filled in as this service's (role payments). */
    private static FoodOrderCommand decision(ChargeAnswer answer) {
        return switch (answer) {
            case ChargeAnswer.Approved approved -> new ConfirmPayment(null);
            case ChargeAnswer.Declined(String reason) -> new FailPayment(reason, null);
            case ChargeAnswer.NoAnswer(Duration waited) -> new FailPayment("the payment provider did not answer within "
                    + waited.toMillis() + " ms", null);
        };
    }

    /**
     * One row per initiated payment. An answer that came only on a second delivery (the first timed out, then the
     * service died before its checkpoint) finds the order decided already: a version conflict, kept here for
     * someone to refund.
     */
    private static void record(Reaction react, EventEnvelope event, ChargeAnswer answer, CommandOutcome outcome) {
        react.sql().exec("insert into payments (order_id, initiated_version, answer, reference, outcome, reason)"
                        + " values ($1, $2, $3, $4, $5, $6)", event.aggregateId(), event.aggregateVersion(),
                answer.getClass().getSimpleName(), answer instanceof ChargeAnswer.Approved(String reference)
                        ? reference : null,
                outcome.getClass().getSimpleName(), switch (outcome) {
                    case CommandOutcome.Accepted accepted -> null;
                    case CommandOutcome.Rejected rejected -> rejected.reason();
                    case CommandOutcome.VersionConflict conflict -> "the order was at version " + conflict.version();
                });
    }
}
