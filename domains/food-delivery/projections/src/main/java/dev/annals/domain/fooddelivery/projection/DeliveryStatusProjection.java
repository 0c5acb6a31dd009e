package dev.annals.domain.fooddelivery.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.domain.fooddelivery.FoodOrderEvent;
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryCompleted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.DeliveryStarted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderAccepted;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderCreated;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderDelivered;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentConfirmed;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentFailed;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentInitiated;
import dev.annals.domain.fooddelivery.FoodOrderType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * DeliveryStatus, keyed by order id: {@code placed → preparing → collected → delivered → done}, with the time of
 * the event that set it. Payment events change no status but still advance the row's version, so that every
 * event must be the order's next one.
 */
@ApplicationScoped
public class DeliveryStatusProjection implements Projection {

    @Override
    public String name() {
        return FoodOrderType.DELIVERY_STATUS;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.builder()
                .onEvery(FoodOrderType.TYPE, (order, event) -> {
                    if (order instanceof OrderCreated created) {
                        Sql.requireFirst(event);
                        return Sql.update("insert into orders (order_id, status, last_status, delivery_code, version)"
                                        + " values (?1, 'placed', ?2, ?3, ?4)", event.aggregateId(), timeOf(event),
                                created.deliveryCode(), event.aggregateVersion()).replaceWithVoid();
                    }
                    Uni<Void> advanced = Sql.advanceVersion("orders", "order_id", event);
                    return statusAfter(order)
                            .map(status -> advanced.chain(() -> Sql.update("update orders set status = ?2,"
                                    + " last_status = ?3 where order_id = ?1", event.aggregateId(), status,
                                    timeOf(event))).replaceWithVoid())
                            .orElse(advanced);
                })
                .build();
    }

    /** The status an event sets, if it sets one; every event is named, so a new one needs a decision here. */
    static Optional<String> statusAfter(FoodOrderEvent event) {
        return switch (event) {
            case OrderCreated created -> Optional.of("placed");
            case OrderAccepted accepted -> Optional.of("preparing");
            case DeliveryStarted started -> Optional.of("collected");
            case DeliveryCompleted completed -> Optional.of("delivered");
            case OrderDelivered delivered -> Optional.of("done");
            case PaymentInitiated initiated -> Optional.empty();
            case PaymentConfirmed confirmed -> Optional.empty();
            case PaymentFailed failed -> Optional.empty();
        };
    }

    private static OffsetDateTime timeOf(EventEnvelope event) {
        return OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
    }
}
