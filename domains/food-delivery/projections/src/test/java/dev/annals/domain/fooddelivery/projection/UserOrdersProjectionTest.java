package dev.annals.domain.fooddelivery.projection;

import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderCreated;
import dev.annals.domain.fooddelivery.FoodOrderEvent.PaymentInitiated;
import dev.annals.domain.fooddelivery.FoodOrderType;
import dev.annals.test.Events;
import dev.annals.test.ProjectionFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static dev.annals.test.ProjectionFixture.row;

class UserOrdersProjectionTest {

    private static final String ORDERS = "select user_id, order_id, placed_at from orders order by user_id, placed_at";

    private final ProjectionFixture userOrders = ProjectionFixture.of(new UserOrdersProjection());

    @AfterEach
    void close() {
        userOrders.close();
    }

    private static OrderCreated placedBy(String user, String at) {
        return new OrderCreated(user, "pizzeria", Map.of("margherita", 1), "42", Instant.parse(at));
    }

    @Test
    void each_user_sees_their_orders_in_the_order_they_were_placed() {
        userOrders.given(Events.of(FoodOrderType.TYPE, "o-2", placedBy("ann", "2026-01-01T10:00:00Z")),
                        Events.of(FoodOrderType.TYPE, "o-1", placedBy("ann", "2026-01-01T09:00:00Z")),
                        Events.of(FoodOrderType.TYPE, "o-3", placedBy("bob", "2026-01-01T08:00:00Z")))
                .given(Events.of(FoodOrderType.TYPE, "o-1", new PaymentInitiated("card")))
                .thenRows(ORDERS, row("ann", "o-1", Instant.parse("2026-01-01T09:00:00Z")),
                        row("ann", "o-2", Instant.parse("2026-01-01T10:00:00Z")),
                        row("bob", "o-3", Instant.parse("2026-01-01T08:00:00Z")));
    }

    @Test
    void a_replayed_creation_is_refused_before_it_could_list_an_order_twice() {
        userOrders.given(Events.of(FoodOrderType.TYPE, "o-1", placedBy("ann", "2026-01-01T09:00:00Z")))
                .when(Events.at(FoodOrderType.TYPE, "o-1", 1, placedBy("ann", "2026-01-01T09:00:00Z")))
                .thenRefused("OrderCreated v1 is a replay");
    }
}
