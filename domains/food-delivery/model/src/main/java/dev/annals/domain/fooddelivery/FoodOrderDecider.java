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

    @Override
    public List<FoodOrderEvent> decide(FoodOrderCommand command, FoodOrder order) {
        if (command instanceof Create create) {
            if (!order.isAt(Stage.NONE)) {
                throw new DomainRejection("ALREADY_EXISTS", "the order was placed before");
            }
            return List.of(new OrderCreated(create.userId(), create.restaurantId(), create.items(),
                    create.deliveryCode(), create.placedAt()));
        }
        order.requireExists();
        if (command instanceof InitiatePayment initiate) {
            refuseOnceAt(order, Stage.PAYMENT_PENDING, "PAYMENT_ALREADY_INITIATED", "a payment is already under way");
            refuseOncePast(order, Stage.PAYMENT_PENDING, "ALREADY_PAID", "the order is paid");
            return List.of(new PaymentInitiated(initiate.paymentData()));
        }
        if (command instanceof ConfirmPayment || command instanceof FailPayment) {
            refuseOncePast(order, Stage.PAYMENT_PENDING, "ALREADY_PAID", "the order is paid");
            require(order, Stage.PAYMENT_PENDING, "PAYMENT_NOT_INITIATED", "no payment is under way");
            return List.of(command instanceof FailPayment failed ? new PaymentFailed(failed.reason())
                    : new PaymentConfirmed());
        }
        if (command instanceof Accept accept) {
            refuseOncePast(order, Stage.PAID, "ALREADY_ACCEPTED", "the order was accepted before");
            require(order, Stage.PAID, "PAYMENT_NOT_CONFIRMED", "an order is accepted only once it is paid");
            if (!accept.restaurantId().equals(order.restaurantId())) {
                throw new DomainRejection("WRONG_RESTAURANT", "the order was placed with another restaurant");
            }
            return List.of(new OrderAccepted(accept.restaurantId(), accept.prepareMinutes()));
        }
        if (command instanceof StartDelivery start) {
            refuseOncePast(order, Stage.ACCEPTED, "DELIVERY_ALREADY_STARTED", "a deliverer has the order");
            require(order, Stage.ACCEPTED, "ORDER_NOT_ACCEPTED", "no delivery before the restaurant accepts");
            return List.of(new DeliveryStarted(start.delivererId()));
        }
        if (command instanceof CompleteDelivery complete) {
            refuseOncePast(order, Stage.IN_DELIVERY, "DELIVERY_ALREADY_COMPLETED", "the order was handed over");
            require(order, Stage.IN_DELIVERY, "DELIVERY_NOT_STARTED", "no deliverer has the order yet");
            if (!complete.deliveryCode().equals(order.deliveryCode())) {
                throw new DomainRejection("WRONG_DELIVERY_CODE", "that is not the order's delivery code");
            }
            return List.of(new DeliveryCompleted());
        }
        if (command instanceof MarkDelivered) {
            refuseOncePast(order, Stage.DELIVERY_COMPLETED, "ALREADY_DELIVERED", "the order is closed");
            require(order, Stage.DELIVERY_COMPLETED, "DELIVERY_NOT_COMPLETED", "the order was not handed over yet");
            return List.of(new OrderDelivered());
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    @Override
    public FoodOrder evolve(FoodOrder order, FoodOrderEvent event) {
        if (event instanceof OrderCreated created) {
            return order.created(created.userId(), created.restaurantId(), created.items(), created.deliveryCode());
        }
        if (event instanceof PaymentInitiated) {
            return order.at(Stage.PAYMENT_PENDING);
        }
        if (event instanceof PaymentConfirmed) {
            return order.at(Stage.PAID);
        }
        if (event instanceof PaymentFailed) {
            return order.at(Stage.PAYMENT_FAILED);
        }
        if (event instanceof OrderAccepted) {
            return order.at(Stage.ACCEPTED);
        }
        if (event instanceof DeliveryStarted started) {
            return order.inDelivery(started.delivererId());
        }
        if (event instanceof DeliveryCompleted) {
            return order.at(Stage.DELIVERY_COMPLETED);
        }
        if (event instanceof OrderDelivered) {
            return order.at(Stage.DELIVERED);
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    @Override
    public boolean isTerminal(FoodOrder order) {
        return order.isAt(Stage.DELIVERED);
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
