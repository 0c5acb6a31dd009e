package dev.annals.domain.fooddelivery.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderCreated;
import dev.annals.domain.fooddelivery.FoodOrderType;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * UserOrders, keyed by user id: the same events as DeliveryStatus, read for another reader. Only the creation
 * matters; an order placed twice (a replayed event) violates the key and is dead-lettered, never duplicated.
 */
@ApplicationScoped
public class UserOrdersProjection implements Projection {

    @Override
    public String name() {
        return FoodOrderType.USER_ORDERS;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.builder()
                .on(FoodOrderType.TYPE, OrderCreated.class, (created, event) -> Sql.update(
                        "insert into orders (user_id, order_id, placed_at) values (?1, ?2, ?3)", created.userId(),
                        event.aggregateId(), OffsetDateTime.ofInstant(created.placedAt(), ZoneOffset.UTC))
                        .replaceWithVoid())
                .build();
    }
}
