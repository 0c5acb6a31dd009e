package dev.annals.domain.fooddelivery.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.domain.fooddelivery.FoodOrderEvent;
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryCodeRefused;
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryCompleted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryStarted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderAccepted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderCreated;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderDelivered;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentConfirmed;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentFailed;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentInitiated;
import dev.annals.domain.fooddelivery.FoodOrderType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * DeliveryStatus, keyed by order id: {@code placed → preparing → collected → delivered → done}, with the time of
 * the event that set it, and where its payment is ({@code none → pending → paid}, or {@code failed}), and whose it
 * is (the customer: the one caller, staff aside, who reads it and its delivery code). Every event moves the row to
 * its version.
 */
@ApplicationScoped
public class DeliveryStatusProjection implements Projection {

    @Override
    public String name() {
        return FoodOrderType.DELIVERY_STATUS;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.of(FoodOrderType.TYPE)
                .on(OrderCreated.class, (created, event, sql) -> sql.exec("insert into orders (order_id, status,"
                                + " last_status, delivery_code, payment, customer_id, version)"
                                + " values ($1, 'placed', $2, $3, 'none', $4, $5)",
                        event.aggregateId(), event.time(), created.deliveryCode(), created.userId(),
                        event.aggregateVersion()))
                .onEvery((order, event, sql) -> sql.exec("update orders set"
                                + " status = coalesce($2, status), last_status = case when $2 is null then last_status"
                                + " else $3 end, payment = coalesce($4, payment), version = $5 where order_id = $1",
                        event.aggregateId(), statusAfter(order), event.time(), paymentAfter(order),
                        event.aggregateVersion())
                        .expectRows(1, () -> "order " + event.aggregateId() + " has no row"))
                .build();
    }

    /** The status an event sets, or null; every event is named, so a new one needs a decision here. */
    static String statusAfter(FoodOrderEvent event) {
        return switch (event) {
            case OrderCreated created -> "placed";
            case OrderAccepted accepted -> "preparing";
            case DeliveryStarted started -> "collected";
            case DeliveryCodeRefused refused -> null;
            case DeliveryCompleted completed -> "delivered";
            case OrderDelivered delivered -> "done";
            case PaymentInitiated initiated -> null;
            case PaymentConfirmed confirmed -> null;
            case PaymentFailed failed -> null;
        };
    }

    /** Where the payment is after an event, or null if the event says nothing of it. */
    static String paymentAfter(FoodOrderEvent event) {
        return switch (event) {
            case PaymentInitiated initiated -> "pending";
            case PaymentConfirmed confirmed -> "paid";
            case PaymentFailed failed -> "failed";
            case OrderCreated created -> null;
            case OrderAccepted accepted -> null;
            case DeliveryStarted started -> null;
            case DeliveryCodeRefused refused -> null;
            case DeliveryCompleted completed -> null;
            case OrderDelivered delivered -> null;
        };
    }
}
