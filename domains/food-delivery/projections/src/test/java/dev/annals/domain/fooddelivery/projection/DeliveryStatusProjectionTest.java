package dev.annals.domain.fooddelivery.projection;

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
import dev.annals.test.Events;
import dev.annals.test.ProjectionFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static dev.annals.test.ProjectionFixture.row;

class DeliveryStatusProjectionTest {

    private static final String STATUS = "select status, payment, delivery_code, version from orders where order_id = 'o-1'";
    private static final OrderCreated CREATED = new OrderCreated("ann", "pizzeria", Map.of("margherita", 1), "42",
            Instant.parse("2026-01-01T00:00:00Z"));

    private final ProjectionFixture statuses = ProjectionFixture.of(new DeliveryStatusProjection());

    @AfterEach
    void close() {
        statuses.close();
    }

    private static Events order(FoodOrderEvent... events) {
        return Events.of(FoodOrderType.TYPE, "o-1", events);
    }

    @Test
    void a_placed_order_waits_for_its_payment() {
        statuses.given(order(CREATED))
                .thenRows(STATUS, row("placed", "none", "42", 1));
    }

    @Test
    void an_order_is_its_customer_s() {
        statuses.given(order(CREATED))
                .thenRows("select customer_id from orders where order_id = 'o-1'", row("ann"));
    }

    @Test
    void a_wrong_delivery_code_changes_nothing_readers_see_but_the_version() {
        statuses.given(order(CREATED, new PaymentInitiated("card"), new PaymentConfirmed(),
                        new OrderAccepted("pizzeria", 15), new DeliveryStarted("dan"), new DeliveryCodeRefused(1)))
                .thenRows(STATUS, row("collected", "paid", "42", 6));
    }

    @Test
    void the_payment_moves_on_by_itself_while_the_status_stays_placed() {
        statuses.given(order(CREATED, new PaymentInitiated("card")))
                .thenRows(STATUS, row("placed", "pending", "42", 2))
                .given(order(new PaymentConfirmed()))
                .thenRows(STATUS, row("placed", "paid", "42", 3));
    }

    @Test
    void a_failed_payment_says_so() {
        statuses.given(order(CREATED, new PaymentInitiated("card"), new PaymentFailed("declined")))
                .thenRows(STATUS, row("placed", "failed", "42", 3));
    }

    @Test
    void the_status_follows_the_delivery_and_keeps_the_time_of_the_event_that_set_it() {
        statuses.given(order(CREATED, new PaymentInitiated("card"), new PaymentConfirmed(),
                        new OrderAccepted("pizzeria", 15), new DeliveryStarted("dan"), new DeliveryCompleted(),
                        new OrderDelivered()))
                .thenRows(STATUS, row("done", "paid", "42", 7));
        // the fixture's clock: the n-th event a second after 2026-01-01T00:00:00Z; the last set the status
        statuses.given(Events.of(FoodOrderType.TYPE, "o-2", CREATED, new PaymentInitiated("card")))
                .thenRows("select last_status from orders where order_id = 'o-2'",
                        row(Instant.parse("2026-01-01T00:00:08Z")));
    }

    @Test
    void an_event_of_an_order_never_placed_is_refused() {
        statuses.when(Events.at(FoodOrderType.TYPE, "o-1", 1, new PaymentInitiated("card")))
                .thenRefused("order o-1 has no row");
    }
}
