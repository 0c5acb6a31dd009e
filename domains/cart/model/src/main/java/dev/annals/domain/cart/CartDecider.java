package dev.annals.domain.cart;

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

/** The rules of a cart: fill it while it is open, buy it once and only with something in it. */
public final class CartDecider implements Decider<CartCommand, CartEvent, Cart> {

    @Override
    public Cart initialState() {
        return Cart.NONE;
    }

    @Override
    public List<CartEvent> decide(CartCommand command, Cart cart) {
        if (command instanceof Create create) {
            if (cart.status() != Cart.Status.NONE) {
                throw new DomainRejection("ALREADY_EXISTS", "the cart was created before");
            }
            return List.of(new CartCreated(create.customerId()));
        }
        if (command instanceof AddItem add) {
            cart.requireOpen();
            cart.requireSamePrice(add.sku(), add.unitPrice());
            cart.requireRoomFor(add.sku(), add.quantity(), add.unitPrice());
            return List.of(new ItemAdded(add.sku(), add.quantity(), add.unitPrice()));
        }
        if (command instanceof RemoveItem remove) {
            cart.requireOpen();
            if (cart.line(remove.sku()).isEmpty()) {
                throw new DomainRejection("ITEM_NOT_IN_CART", "the cart has no " + remove.sku());
            }
            return List.of(new ItemRemoved(remove.sku()));
        }
        if (command instanceof CompletePurchase) {
            cart.requireOpen();
            if (cart.items().isEmpty()) {
                throw new DomainRejection("CART_EMPTY", "an empty cart cannot be purchased");
            }
            return List.of(new PurchaseCompleted(cart.total()));
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    @Override
    public Cart evolve(Cart cart, CartEvent event) {
        if (event instanceof CartCreated created) {
            return cart.created(created.customerId());
        }
        if (event instanceof ItemAdded added) {
            return cart.withAdded(added.sku(), added.quantity(), added.unitPrice());
        }
        if (event instanceof ItemRemoved removed) {
            return cart.withRemoved(removed.sku());
        }
        if (event instanceof PurchaseCompleted) {
            return cart.purchased();
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    @Override
    public boolean isTerminal(Cart cart) {
        return cart.status() == Cart.Status.PURCHASED;
    }
}
