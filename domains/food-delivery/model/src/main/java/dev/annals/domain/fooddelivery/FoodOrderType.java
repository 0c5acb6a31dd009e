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

    /**
     * Fills in who sends each command, and for a new order draws the delivery code, "01" to "99", and stamps the
     * time it is placed.
     */
    static final CommandCompletion<FoodOrderCommand> COMPLETION = (command, values) -> switch (command) {
        case FoodOrderCommand.Create create -> new FoodOrderCommand.Create(create.userId(), create.restaurantId(),
                create.items(), String.format("%02d", values.random().nextInt(1, 100)), values.now(),
                values.caller());
        case FoodOrderCommand.InitiatePayment initiate ->
                new FoodOrderCommand.InitiatePayment(initiate.paymentData(), values.caller());
        case FoodOrderCommand.ConfirmPayment confirm -> new FoodOrderCommand.ConfirmPayment(values.caller());
        case FoodOrderCommand.FailPayment fail -> new FoodOrderCommand.FailPayment(fail.reason(), values.caller());
        case FoodOrderCommand.Accept accept ->
                new FoodOrderCommand.Accept(accept.restaurantId(), accept.prepareMinutes(), values.caller());
        case FoodOrderCommand.StartDelivery start ->
                new FoodOrderCommand.StartDelivery(start.delivererId(), values.caller());
        case FoodOrderCommand.CompleteDelivery complete ->
                new FoodOrderCommand.CompleteDelivery(complete.deliveryCode(), values.caller());
        case FoodOrderCommand.MarkDelivered mark -> new FoodOrderCommand.MarkDelivered(values.caller());
    };

    /**
     * An order is its customer's: the read side answers it to her and support only, and its delivery code (in its
     * state and its OrderCreated) to her alone, who gives it to the deliverer.
     */
    public static final AggregateType<FoodOrderCommand, FoodOrderEvent, FoodOrder> TYPE = AggregateType.of(NAME,
            new FoodOrderDecider(), FoodOrderCommand.class, FoodOrderEvent.class, FoodOrder.class, COMPLETION)
            .ownedBy(FoodOrder::userId).showingOnlyToItsOwner("deliveryCode");

    @Produces
    @Singleton
    AggregateType<FoodOrderCommand, FoodOrderEvent, FoodOrder> foodOrder() {
        return TYPE;
    }
}
