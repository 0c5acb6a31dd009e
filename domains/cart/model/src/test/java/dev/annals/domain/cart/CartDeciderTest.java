package dev.annals.domain.cart;

import dev.annals.core.Caller;
import dev.annals.core.DomainRejection;
import dev.annals.domain.cart.Cart.Line;
import dev.annals.domain.cart.CartCommand.AddItem;
import dev.annals.domain.cart.CartCommand.CompletePurchase;
import dev.annals.domain.cart.CartCommand.Create;
import dev.annals.domain.cart.CartCommand.RemoveItem;
import dev.annals.domain.cart.CartEvent.CartCreated;
import dev.annals.domain.cart.CartEvent.ItemAdded;
import dev.annals.domain.cart.CartEvent.ItemRemoved;
import dev.annals.domain.cart.CartEvent.PurchaseCompleted;
import dev.annals.test.DeciderFixture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A cart's rules, and whose it is: the caller is part of every when. */
class CartDeciderTest {

    private static final Caller CUSTOMER = new Caller("c-1", Set.of("customer"));
    private static final Caller ANOTHER = new Caller("c-9", Set.of("customer"));
    private static final Caller TELLER = new Caller("tess", Set.of("teller", "support"));

    private final DeciderFixture<CartCommand, CartEvent, Cart> cart = DeciderFixture.of(CartType.TYPE);

    private static final CartCreated CREATED = new CartCreated("c-1");

    @Test
    void a_new_cart_is_open_and_empty() {
        cart.given()
                .when(new Create("c-1", CUSTOMER))
                .then(CREATED)
                .thenState(new Cart(Cart.Status.OPEN, "c-1", List.of()));
    }

    @Test
    void a_cart_is_created_for_its_caller_only() {
        cart.given().when(new Create("c-1", ANOTHER)).thenRejected("NOT_CART_CUSTOMER");
    }

    @Test
    void only_its_customer_changes_a_cart_and_anyone_else_is_told_there_is_none() {
        CartEvent[] filled = {CREATED, new ItemAdded("apple", 1, 50)};
        cart.given(filled).when(new AddItem("pear", 1, 80, ANOTHER)).thenRejected("CART_NOT_FOUND");
        cart.given(filled).when(new RemoveItem("apple", ANOTHER)).thenRejected("CART_NOT_FOUND");
        cart.given(filled).when(new CompletePurchase(ANOTHER)).thenRejected("CART_NOT_FOUND");
        cart.given(filled).when(new CompletePurchase(TELLER)).thenRejected("CART_NOT_FOUND");
        // nor learns that it was bought
        cart.given(CREATED, new ItemAdded("apple", 1, 50), new PurchaseCompleted(50))
                .when(new AddItem("pear", 1, 80, ANOTHER)).thenRejected("CART_NOT_FOUND");
        // as if it did not exist: the processor answers with the version of one that does not
        assertThat(rejection(filled, new AddItem("pear", 1, 80, ANOTHER)).conceals()).isTrue();
        assertThat(rejection(new CartEvent[0], new AddItem("pear", 1, 80, CUSTOMER)).getMessage())
                .isEqualTo(rejection(filled, new AddItem("pear", 1, 80, ANOTHER)).getMessage());
    }

    private static DomainRejection rejection(CartEvent[] history, CartCommand command) {
        Cart state = CartType.TYPE.decider().fold(List.of(history));
        try {
            CartType.TYPE.decider().decide(command, state);
        } catch (DomainRejection rejection) {
            return rejection;
        }
        throw new AssertionError(command + " was not refused");
    }

    @Test
    void a_cart_is_created_once() {
        cart.given(CREATED).when(new Create("c-2", new Caller("c-2", Set.of("customer")))).thenRejected("ALREADY_EXISTS");
    }

    @Test
    void items_are_added_in_order_and_an_existing_sku_adds_to_its_quantity() {
        cart.given(CREATED, new ItemAdded("apple", 2, 50), new ItemAdded("pear", 1, 80))
                .when(new AddItem("apple", 3, 50, CUSTOMER))
                .then(new ItemAdded("apple", 3, 50))
                .thenState(new Cart(Cart.Status.OPEN, "c-1", List.of(new Line("apple", 5, 50),
                        new Line("pear", 1, 80))));
    }

    @Test
    void an_existing_sku_at_another_price_is_refused_and_reprices_nothing() {
        cart.given(CREATED, new ItemAdded("apple", 1000, 100))
                .when(new AddItem("apple", 1, 0, CUSTOMER))
                .thenRejected("PRICE_CHANGED");
    }

    @Test
    void a_removed_line_can_come_back_at_a_new_price() {
        cart.given(CREATED, new ItemAdded("apple", 2, 50), new ItemRemoved("apple"))
                .when(new AddItem("apple", 1, 60, CUSTOMER))
                .then(new ItemAdded("apple", 1, 60))
                .thenState(new Cart(Cart.Status.OPEN, "c-1", List.of(new Line("apple", 1, 60))));
    }

    @Test
    void a_log_from_before_the_price_rule_replays_as_it_did() {
        Cart replayed = CartType.TYPE.decider().fold(List.of(CREATED, new ItemAdded("apple", 2, 50),
                new ItemAdded("apple", 3, 60)));
        assertThat(replayed.items()).containsExactly(new Line("apple", 5, 60));
    }

    @Test
    void the_total_is_quantity_times_unit_price_summed() {
        Cart filled = CartType.TYPE.decider().fold(List.of(CREATED, new ItemAdded("apple", 2, 50),
                new ItemAdded("pear", 1, 80), new ItemAdded("free-sample", 4, 0)));
        assertThat(filled.total()).isEqualTo(180);
    }

    @Test
    void a_removed_item_leaves_the_cart() {
        cart.given(CREATED, new ItemAdded("apple", 2, 50), new ItemAdded("pear", 1, 80))
                .when(new RemoveItem("apple", CUSTOMER))
                .then(new ItemRemoved("apple"))
                .thenState(new Cart(Cart.Status.OPEN, "c-1", List.of(new Line("pear", 1, 80))));
    }

    @Test
    void removing_an_item_that_is_not_in_the_cart_is_rejected() {
        cart.given(CREATED, new ItemAdded("apple", 2, 50)).when(new RemoveItem("pear", CUSTOMER))
                .thenRejected("ITEM_NOT_IN_CART");
        cart.given(CREATED, new ItemAdded("apple", 2, 50), new ItemRemoved("apple")).when(new RemoveItem("apple", CUSTOMER))
                .thenRejected("ITEM_NOT_IN_CART");
    }

    @Test
    void a_purchase_records_the_total_and_closes_the_cart() {
        cart.given(CREATED, new ItemAdded("apple", 2, 50), new ItemAdded("pear", 1, 80))
                .when(new CompletePurchase(CUSTOMER))
                .then(new PurchaseCompleted(180))
                .thenState(new Cart(Cart.Status.PURCHASED, "c-1", List.of(new Line("apple", 2, 50),
                        new Line("pear", 1, 80))));
    }

    @Test
    void an_empty_cart_cannot_be_purchased() {
        cart.given(CREATED).when(new CompletePurchase(CUSTOMER)).thenRejected("CART_EMPTY");
        cart.given(CREATED, new ItemAdded("apple", 1, 50), new ItemRemoved("apple")).when(new CompletePurchase(CUSTOMER))
                .thenRejected("CART_EMPTY");
    }

    @Test
    void a_purchased_cart_refuses_every_change() {
        CartEvent[] bought = {CREATED, new ItemAdded("apple", 1, 50), new PurchaseCompleted(50)};
        cart.given(bought).when(new AddItem("pear", 1, 80, CUSTOMER)).thenRejected("CART_COMPLETED");
        cart.given(bought).when(new RemoveItem("apple", CUSTOMER)).thenRejected("CART_COMPLETED");
        cart.given(bought).when(new CompletePurchase(CUSTOMER)).thenRejected("CART_COMPLETED");
        assertThat(CartType.TYPE.decider().isTerminal(CartType.TYPE.decider().fold(List.of(bought)))).isTrue();
    }

    @Test
    void every_command_on_a_cart_nobody_created_is_cart_not_found() {
        cart.given().when(new AddItem("apple", 1, 50, CUSTOMER)).thenRejected("CART_NOT_FOUND");
        cart.given().when(new RemoveItem("apple", CUSTOMER)).thenRejected("CART_NOT_FOUND");
        cart.given().when(new CompletePurchase(CUSTOMER)).thenRejected("CART_NOT_FOUND");
    }

    @Test
    void a_total_beyond_a_long_is_refused_instead_of_wrapping() {
        cart.given(CREATED, new ItemAdded("gold", 1_000_000, CartCommand.MAX_UNIT_PRICE))
                .when(new AddItem("gold", 1_000_000, CartCommand.MAX_UNIT_PRICE, CUSTOMER))
                .then(new ItemAdded("gold", 1_000_000, CartCommand.MAX_UNIT_PRICE));
        CartEvent[] near = new CartEvent[10]; // nine lots of 10^18: just under Long.MAX_VALUE
        near[0] = CREATED;
        for (int i = 1; i < near.length; i++) {
            near[i] = new ItemAdded("gold", 1_000_000, CartCommand.MAX_UNIT_PRICE);
        }
        cart.given(near).when(new AddItem("gold", 1_000_000, CartCommand.MAX_UNIT_PRICE, CUSTOMER))
                .thenRejected("CART_LIMIT_EXCEEDED");
    }
}
