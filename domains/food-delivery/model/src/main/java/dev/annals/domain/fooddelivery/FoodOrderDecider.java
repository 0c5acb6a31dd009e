package dev.annals.domain.fooddelivery;

import dev.annals.core.Decider;
import dev.annals.core.DomainRejection;
import dev.annals.domain.fooddelivery.FoodOrder.Stage;
import dev.annals.domain.fooddelivery.FoodOrderCommand.Accept;
import dev.annals.domain.fooddelivery.FoodOrderCommand.CompleteDelivery;
import dev.annals.domain.fooddelivery.FoodOrderCommand.ConfirmPayment;
import dev.annals.domain.fooddelivery.FoodOrderCommand.Create;
import dev.annals.domain.fooddelivery.FoodOrderCommand.FailPayment;
import dev.annals.domain.fooddelivery.FoodOrderCommand.InitiatePayment;
import dev.annals.domain.fooddelivery.FoodOrderCommand.MarkDelivered;
import dev.annals.domain.fooddelivery.FoodOrderCommand.StartDelivery;
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryCompleted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryStarted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderAccepted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderCreated;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderDelivered;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentConfirmed;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentFailed;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentInitiated;

import java.util.List;

/**
 * The lifecycle of a food order: placed, paid (a failed payment may be tried again), accepted by its
 * restaurant, collected by a deliverer, handed over against the delivery code, closed. Each step out of turn
 * has its own rejection code.
 */
public final class FoodOrderDecider implements Decider<FoodOrderCommand, FoodOrderEvent, FoodOrder> {

    @Override
    public FoodOrder initialState() {
        return FoodOrder.NONE;
    }

    // Exhaustive switches with no default: a new command or event without a branch is a compile error.
    @Override
    public List<FoodOrderEvent> decide(FoodOrderCommand command, FoodOrder order) {
        return switch (command) {
            case Create create -> {
                if (!order.isAt(Stage.NONE)) {
                    throw new DomainRejection("ALREADY_EXISTS", "the order was placed before");
                }
                yield List.of(new OrderCreated(create.userId(), create.restaurantId(), create.items(),
                        create.deliveryCode(), create.placedAt()));
            }
            case InitiatePayment(String paymentData) -> {
                order.requireExists();
                refuseOnceAt(order, Stage.PAYMENT_PENDING, "PAYMENT_ALREADY_INITIATED",
                        "a payment is already under way");
                refuseOncePast(order, Stage.PAYMENT_PENDING, "ALREADY_PAID", "the order is paid");
                yield List.of(new PaymentInitiated(paymentData));
            }
            case ConfirmPayment() -> {
                requirePaymentPending(order);
                yield List.of(new PaymentConfirmed());
            }
            case FailPayment(String reason) -> {
                requirePaymentPending(order);
                yield List.of(new PaymentFailed(reason));
            }
            case Accept(String restaurantId, int prepareMinutes) -> {
                order.requireExists();
                refuseOncePast(order, Stage.PAID, "ALREADY_ACCEPTED", "the order was accepted before");
                require(order, Stage.PAID, "PAYMENT_NOT_CONFIRMED", "an order is accepted only once it is paid");
                if (!restaurantId.equals(order.restaurantId())) {
                    throw new DomainRejection("WRONG_RESTAURANT", "the order was placed with another restaurant");
                }
                yield List.of(new OrderAccepted(restaurantId, prepareMinutes));
            }
            case StartDelivery(String delivererId) -> {
                order.requireExists();
                refuseOncePast(order, Stage.ACCEPTED, "DELIVERY_ALREADY_STARTED", "a deliverer has the order");
                require(order, Stage.ACCEPTED, "ORDER_NOT_ACCEPTED", "no delivery before the restaurant accepts");
                yield List.of(new DeliveryStarted(delivererId));
            }
            case CompleteDelivery(String deliveryCode) -> {
                order.requireExists();
                refuseOncePast(order, Stage.IN_DELIVERY, "DELIVERY_ALREADY_COMPLETED", "the order was handed over");
                require(order, Stage.IN_DELIVERY, "DELIVERY_NOT_STARTED", "no deliverer has the order yet");
                if (!deliveryCode.equals(order.deliveryCode())) {
                    throw new DomainRejection("WRONG_DELIVERY_CODE", "that is not the order's delivery code");
                }
                yield List.of(new DeliveryCompleted());
            }
            case MarkDelivered() -> {
                order.requireExists();
                refuseOncePast(order, Stage.DELIVERY_COMPLETED, "ALREADY_DELIVERED", "the order is closed");
                require(order, Stage.DELIVERY_COMPLETED, "DELIVERY_NOT_COMPLETED",
                        "the order was not handed over yet");
                yield List.of(new OrderDelivered());
            }
        };
    }

    @Override
    public FoodOrder evolve(FoodOrder order, FoodOrderEvent event) {
        return switch (event) {
            case OrderCreated created ->
                    order.created(created.userId(), created.restaurantId(), created.items(), created.deliveryCode());
            case PaymentInitiated initiated -> order.at(Stage.PAYMENT_PENDING);
            case PaymentConfirmed() -> order.at(Stage.PAID);
            case PaymentFailed failed -> order.at(Stage.PAYMENT_FAILED);
            case OrderAccepted accepted -> order.at(Stage.ACCEPTED);
            case DeliveryStarted(String delivererId) -> order.inDelivery(delivererId);
            case DeliveryCompleted() -> order.at(Stage.DELIVERY_COMPLETED);
            case OrderDelivered() -> order.at(Stage.DELIVERED);
        };
    }

    @Override
    public boolean isTerminal(FoodOrder order) {
        return order.isAt(Stage.DELIVERED);
    }

    /** Confirming or failing a payment needs one under way, and the order not paid already. */
    private static void requirePaymentPending(FoodOrder order) {
        order.requireExists();
        refuseOncePast(order, Stage.PAYMENT_PENDING, "ALREADY_PAID", "the order is paid");
        require(order, Stage.PAYMENT_PENDING, "PAYMENT_NOT_INITIATED", "no payment is under way");
    }

    private static void require(FoodOrder order, Stage expected, String reason, String message) {
        if (!order.isAt(expected)) {
            throw new DomainRejection(reason, message);
        }
    }

    private static void refuseOnceAt(FoodOrder order, Stage stage, String reason, String message) {
        if (order.isAt(stage)) {
            throw new DomainRejection(reason, message);
        }
    }

    private static void refuseOncePast(FoodOrder order, Stage stage, String reason, String message) {
        if (order.isPast(stage)) {
            throw new DomainRejection(reason, message);
        }
    }
}
