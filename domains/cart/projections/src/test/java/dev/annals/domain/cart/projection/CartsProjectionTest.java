package dev.annals.domain.cart.projection;

import dev.annals.domain.cart.CartEvent;
import dev.annals.domain.cart.CartEvent.CartCreated;
import dev.annals.domain.cart.CartEvent.ItemAdded;
import dev.annals.domain.cart.CartEvent.ItemRemoved;
import dev.annals.domain.cart.CartEvent.PurchaseCompleted;
import dev.annals.domain.cart.CartType;
import dev.annals.test.Events;
import dev.annals.test.ProjectionFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.annals.test.ProjectionFixture.row;

class CartsProjectionTest {

    private static final String CARTS = "select id, customer_id, status, total, version from carts order by id";
    private static final String LINES = "select sku, quantity, unit_price, line from cart_items order by line";

    private final ProjectionFixture carts = ProjectionFixture.of(new CartsProjection());

    @AfterEach
    void close() {
        carts.close();
    }

    private static Events cart(String id, CartEvent... events) {
        return Events.of(CartType.TYPE, id, events);
    }

    @Test
    void lines_keep_the_order_their_sku_was_first_added_in_and_the_total_follows() {
        carts.given(cart("c-1", new CartCreated("ann"), new ItemAdded("tea", 2, 300), new ItemAdded("cup", 1, 500),
                        new ItemAdded("tea", 1, 300)))
                .thenRows(LINES, row("tea", 3, 300, 1), row("cup", 1, 500, 2))
                .thenRows(CARTS, row("c-1", "ann", "OPEN", 1400, 4));
    }

    @Test
    void a_removed_line_closes_the_gap_so_a_new_sku_goes_last() {
        carts.given(cart("c-1", new CartCreated("ann"), new ItemAdded("tea", 1, 300), new ItemAdded("cup", 1, 500),
                        new ItemRemoved("tea"), new ItemAdded("pot", 1, 2000)))
                .thenRows(LINES, row("cup", 1, 500, 1), row("pot", 1, 2000, 2))
                .thenRows(CARTS, row("c-1", "ann", "OPEN", 2500, 5));
    }

    @Test
    void a_purchase_records_the_total_charged() {
        carts.given(cart("c-1", new CartCreated("ann"), new ItemAdded("tea", 1, 300), new PurchaseCompleted(300)))
                .thenRows(CARTS, row("c-1", "ann", "PURCHASED", 300, 3));
    }

    @Test
    void an_item_added_twice_by_a_replay_is_refused() {
        carts.given(cart("c-1", new CartCreated("ann"), new ItemAdded("tea", 1, 300)))
                .when(Events.at(CartType.TYPE, "c-1", 2, new ItemAdded("tea", 1, 300)))
                .thenRefused("ItemAdded v2 is a replay");
    }
}
