package dev.annals.domain.fooddelivery;

import dev.annals.core.DomainRejection;

import java.util.Map;
import java.util.TreeMap;

/**
 * A food order as folded from its events. {@link #NONE} is an order nobody placed.
 *
 * @param items sku → quantity
 */
public record FoodOrder(Stage stage, String userId, String restaurantId, Map<String, Integer> items,
                        String deliveryCode, String delivererId) {

    public static final FoodOrder NONE = new FoodOrder(Stage.NONE, null, null, Map.of(), null, null);

    /** The lifecycle, in the only order it can be walked (a failed payment may be initiated again). */
    public enum Stage { NONE, CREATED, PAYMENT_FAILED, PAYMENT_PENDING, PAID, ACCEPTED, IN_DELIVERY,
        DELIVERY_COMPLETED, DELIVERED }

    public FoodOrder {
        items = items == null ? Map.of() : new TreeMap<>(items);
    }

    boolean isAt(Stage expected) {
        return stage == expected;
    }

    boolean isPast(Stage other) {
        return stage.compareTo(other) > 0;
    }

    void requireExists() {
        if (stage == Stage.NONE) {
            throw new DomainRejection("ORDER_NOT_FOUND", "there is no such order");
        }
    }

    FoodOrder at(Stage next) {
        return new FoodOrder(next, userId, restaurantId, items, deliveryCode, delivererId);
    }

    FoodOrder created(String user, String restaurant, Map<String, Integer> ordered, String code) {
        return new FoodOrder(Stage.CREATED, user, restaurant, ordered, code, null);
    }

    FoodOrder inDelivery(String deliverer) {
        return new FoodOrder(Stage.IN_DELIVERY, userId, restaurantId, items, deliveryCode, deliverer);
    }
}
