package dev.annals.domain.cart;

import dev.annals.core.Caller;
import dev.annals.core.Decider;
import dev.annals.core.DomainRejection;
import dev.annals.domain.cart.CartCommand.AddItem;
import dev.annals.domain.cart.CartCommand.CompletePurchase;
import dev.annals.domain.cart.CartCommand.Create;
import dev.annals.domain.cart.CartCommand.RemoveItem;
import dev.annals.domain.cart.CartEvent.CartCreated;
import dev.annals.domain.cart.CartEvent.ItemAdded;
import dev.annals.domain.cart.CartEvent.ItemRemoved;
import dev.annals.domain.cart.CartEvent.PurchaseCompleted;

import java.util.List;

/**
 * The rules of a cart: fill it while it is open, buy it once and only with something in it. A cart is its
 * customer's: created for its caller, and changed by her only ({@code NOT_CART_CUSTOMER}); who is checked before
 * what state the cart is in, so another caller learns nothing of it.
 */
public final class CartDecider implements Decider<CartCommand, CartEvent, Cart> {

    @Override
    public Cart initialState() {
        return Cart.NONE;
    }

    // Exhaustive switches with no default: a new command or event without a branch is a compile error.
    @Override
    public List<CartEvent> decide(CartCommand command, Cart cart) {
        return switch (command) {
            case Create(String customerId, Caller by) -> {
                if (cart.status() != Cart.Status.NONE) {
                    throw new DomainRejection("ALREADY_EXISTS", "the cart was created before");
                }
                if (!customerId.equals(by.subject())) {
                    throw new DomainRejection("NOT_CART_CUSTOMER", "a cart is created for its caller: create it"
                            + " with customerId " + by.subject());
                }
                yield List.of(new CartCreated(customerId));
            }
            case AddItem(String sku, int quantity, long unitPrice, Caller by) -> {
                cart.requireExists();
                cart.requireCustomer(by);
                cart.requireOpen();
                cart.requireSamePrice(sku, unitPrice);
                cart.requireRoomFor(sku, quantity, unitPrice);
                yield List.of(new ItemAdded(sku, quantity, unitPrice));
            }
            case RemoveItem(String sku, Caller by) -> {
                cart.requireExists();
                cart.requireCustomer(by);
                cart.requireOpen();
                if (cart.line(sku).isEmpty()) {
                    throw new DomainRejection("ITEM_NOT_IN_CART", "the cart has no " + sku);
                }
                yield List.of(new ItemRemoved(sku));
            }
            case CompletePurchase(Caller by) -> {
                cart.requireExists();
                cart.requireCustomer(by);
                cart.requireOpen();
                if (cart.items().isEmpty()) {
                    throw new DomainRejection("CART_EMPTY", "an empty cart cannot be purchased");
                }
                yield List.of(new PurchaseCompleted(cart.total()));
            }
        };
    }

    @Override
    public Cart evolve(Cart cart, CartEvent event) {
        return switch (event) {
            case CartCreated(String customerId) -> cart.created(customerId);
            case ItemAdded(String sku, int quantity, long unitPrice) -> cart.withAdded(sku, quantity, unitPrice);
            case ItemRemoved(String sku) -> cart.withRemoved(sku);
            case PurchaseCompleted(long total) -> cart.purchased();
        };
    }

    @Override
    public boolean isTerminal(Cart cart) {
        return cart.status() == Cart.Status.PURCHASED;
    }
}
