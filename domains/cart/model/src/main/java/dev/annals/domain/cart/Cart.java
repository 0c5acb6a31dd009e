package dev.annals.domain.cart;

import dev.annals.core.Caller;
import dev.annals.core.DomainRejection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cart as folded from its events. {@link #NONE} is a cart nobody has created.
 *
 * @param items one line per sku, in the order each sku was first added
 */
public record Cart(Status status, String customerId, List<Line> items) {

    public static final Cart NONE = new Cart(Status.NONE, null, List.of());

    public enum Status { NONE, OPEN, PURCHASED }

    /** One sku in the cart. */
    public record Line(String sku, long quantity, long unitPrice) {
    }

    public Cart {
        items = List.copyOf(items);
    }

    /** The sum of quantity × unit price over the lines, in minor units. */
    public long total() {
        long total = 0;
        for (Line line : items) {
            total = Math.addExact(total, Math.multiplyExact(line.quantity(), line.unitPrice()));
        }
        return total;
    }

    Optional<Line> line(String sku) {
        return items.stream().filter(line -> line.sku().equals(sku)).findFirst();
    }

    void requireExists() {
        if (status == Status.NONE) {
            throw notFound();
        }
    }

    /**
     * Only its customer changes a cart: no one else fills or buys it for her. Anyone else is answered as if there were
     * no such cart, so that she learns nothing of it, not even that it exists.
     */
    void requireCustomer(Caller caller) {
        if (!caller.subject().equals(customerId)) {
            throw notFound().concealing();
        }
    }

    private static DomainRejection notFound() {
        return new DomainRejection("CART_NOT_FOUND", "there is no such cart");
    }

    void requireOpen() {
        requireExists();
        if (status == Status.PURCHASED) {
            throw new DomainRejection("CART_COMPLETED", "the cart was purchased; it cannot change any more");
        }
    }

    /**
     * A line has one unit price: more of a sku is added at the price it is in the cart at. Taking the new price
     * for the whole line would re-price what was added before (1000 at 100, then 1 at 0: a total of 0); a shop
     * that changes a price removes the line and adds it again, which the shopper sees.
     */
    void requireSamePrice(String sku, long unitPrice) {
        Optional<Line> existing = line(sku);
        if (existing.isPresent() && existing.get().unitPrice() != unitPrice) {
            throw new DomainRejection("PRICE_CHANGED", sku + " is in the cart at " + existing.get().unitPrice()
                    + ", not " + unitPrice + "; add it at that price, or remove the line and add it again");
        }
    }

    /** Refuses an addition that would take a line's quantity or the cart's total past what a long holds. */
    void requireRoomFor(String sku, int quantity, long unitPrice) {
        try {
            withAdded(sku, quantity, unitPrice).total();
        } catch (ArithmeticException overflow) {
            throw new DomainRejection("CART_LIMIT_EXCEEDED", "adding " + quantity + " × " + unitPrice
                    + " would take the cart's total past " + Long.MAX_VALUE);
        }
    }

    Cart created(String customer) {
        return new Cart(Status.OPEN, customer, List.of());
    }

    /**
     * More of a sku. {@code decide} adds a sku at its line's price only; a log written before that rule may hold
     * an addition at another price, which then became the line's price, and replaying it must give what it gave.
     */
    Cart withAdded(String sku, long quantity, long unitPrice) {
        List<Line> lines = new ArrayList<>(items);
        Optional<Line> existing = line(sku);
        if (existing.isPresent()) {
            lines.set(lines.indexOf(existing.get()),
                    new Line(sku, Math.addExact(existing.get().quantity(), quantity), unitPrice));
        } else {
            lines.add(new Line(sku, quantity, unitPrice));
        }
        return new Cart(status, customerId, lines);
    }

    Cart withRemoved(String sku) {
        return new Cart(status, customerId, items.stream().filter(line -> !line.sku().equals(sku)).toList());
    }

    Cart purchased() {
        return new Cart(Status.PURCHASED, customerId, items);
    }
}
