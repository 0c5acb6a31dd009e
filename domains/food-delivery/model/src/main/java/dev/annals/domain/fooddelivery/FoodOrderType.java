package dev.annals.domain.fooddelivery;

import dev.annals.core.AggregateType;
import dev.annals.core.CommandCompletion;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Registers the aggregate type {@code food-order}; services find it as a CDI bean. */
@Dependent
public class FoodOrderType {

    public static final String NAME = "food-order";

    /** The read model of each order's delivery status, keyed by order id. */
    public static final String DELIVERY_STATUS = "delivery-status";

    /** The read model of each user's orders, keyed by user id. */
    public static final String USER_ORDERS = "user-orders";

    /** Draws the delivery code, "01" to "99", and stamps the time an order is placed. */
    static final CommandCompletion<FoodOrderCommand> COMPLETION = (command, values) -> {
        if (command instanceof FoodOrderCommand.Create create) {
            return new FoodOrderCommand.Create(create.userId(), create.restaurantId(), create.items(),
                    String.format("%02d", values.random().nextInt(1, 100)), values.now());
        }
        return command;
    };

    public static final AggregateType<FoodOrderCommand, FoodOrderEvent, FoodOrder> TYPE = AggregateType.of(NAME,
            new FoodOrderDecider(), FoodOrderCommand.class, FoodOrderEvent.class, FoodOrder.class, COMPLETION);

    @Produces
    @Singleton
    AggregateType<FoodOrderCommand, FoodOrderEvent, FoodOrder> foodOrder() {
        return TYPE;
    }
}
