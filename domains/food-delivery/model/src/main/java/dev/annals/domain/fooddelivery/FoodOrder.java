package dev.annals.domain.fooddelivery;

import dev.annals.core.Caller;
import dev.annals.core.DomainRejection;

import java.util.Map;
import java.util.TreeMap;

/**
 * A food order as folded from its events. {@link #NONE} is an order nobody placed.
 *
 * @param items      sku → quantity
 * @param wrongCodes how many wrong delivery codes were given; boxed, because a state stored before it was counted
 *                   has none (read as 0)
 */
public record FoodOrder(Stage stage, String userId, String restaurantId, Map<String, Integer> items,
                        String deliveryCode, String delivererId, Integer wrongCodes) {

    public static final FoodOrder NONE = new FoodOrder(Stage.NONE, null, null, Map.of(), null, null, 0);

    /** The lifecycle, in the only order it can be walked (a failed payment may be initiated again). */
    public enum Stage { NONE, CREATED, PAYMENT_FAILED, PAYMENT_PENDING, PAID, ACCEPTED, IN_DELIVERY,
        DELIVERY_COMPLETED, DELIVERED }

    public FoodOrder {
        items = items == null ? Map.of() : new TreeMap<>(items);
        wrongCodes = wrongCodes == null ? 0 : wrongCodes;
    }

    boolean isAt(Stage expected) {
        return stage == expected;
    }

    boolean isPast(Stage other) {
        return stage.compareTo(other) > 0;
    }

    void requireExists() {
        if (stage == Stage.NONE) {
            throw notFound();
        }
    }

    /**
     * The order's customer, or support on her behalf. Another customer is answered as if there were no such order:
     * she learns nothing of it, not even that it exists.
     */
    void requireCustomerOrSupport(Caller caller) {
        if (!caller.subject().equals(userId) && !caller.hasRole(FoodOrderDecider.SUPPORT)) {
            throw notFound().concealing();
        }
    }

    /**
     * Staff of the restaurant the order was placed with: role {@code restaurant:<its id>}. Another restaurant's are
     * answered as if there were no such order: its orders are not theirs to know of.
     */
    void requireItsRestaurant(Caller caller) {
        if (!caller.hasRole(FoodOrderDecider.restaurantRole(restaurantId))) {
            throw notFound().concealing();
        }
    }

    private static DomainRejection notFound() {
        return new DomainRejection("ORDER_NOT_FOUND", "there is no such order");
    }

    /**
     * The deliverer who has the order, or support. Anyone else is answered as if there were no such order: which
     * orders exist, and how far they are, is not every deliverer's to know.
     */
    void requireItsDelivererOrSupport(Caller caller) {
        if (!caller.subject().equals(delivererId) && !caller.hasRole(FoodOrderDecider.SUPPORT)) {
            throw notFound().concealing();
        }
    }

    /**
     * An order a deliverer may take or has: every accepted order is offered to every deliverer (first come, first
     * served), and one in delivery is its deliverer's. Any other is answered to her as if there were no such order;
     * support sees them all.
     */
    void requireOfferedTo(Caller caller) {
        boolean offered = stage == Stage.ACCEPTED || isPast(Stage.ACCEPTED) && caller.subject().equals(delivererId);
        if (!offered && !caller.hasRole(FoodOrderDecider.SUPPORT)) {
            throw notFound().concealing();
        }
    }

    FoodOrder at(Stage next) {
        return new FoodOrder(next, userId, restaurantId, items, deliveryCode, delivererId, wrongCodes);
    }

    FoodOrder created(String user, String restaurant, Map<String, Integer> ordered, String code) {
        return new FoodOrder(Stage.CREATED, user, restaurant, ordered, code, null, 0);
    }

    FoodOrder inDelivery(String deliverer) {
        return new FoodOrder(Stage.IN_DELIVERY, userId, restaurantId, items, deliveryCode, deliverer, wrongCodes);
    }

    FoodOrder withWrongCodes(int count) {
        return new FoodOrder(stage, userId, restaurantId, items, deliveryCode, delivererId, count);
    }
}
