package dev.annals.domain.fooddelivery;

import java.time.Instant;
import java.util.Map;

/** What happened to a food order; past-tense facts, never changed once written. */
public sealed interface FoodOrderEvent {

    record OrderCreated(String userId, String restaurantId, Map<String, Integer> items, String deliveryCode,
                        Instant placedAt) implements FoodOrderEvent {
    }

    record PaymentInitiated(String paymentData) implements FoodOrderEvent {
    }

    record PaymentConfirmed() implements FoodOrderEvent {
    }

    /** The payment did not go through; the customer may initiate another. */
    record PaymentFailed(String reason) implements FoodOrderEvent {
    }

    record OrderAccepted(String restaurantId, int prepareMinutes) implements FoodOrderEvent {
    }

    record DeliveryStarted(String delivererId) implements FoodOrderEvent {
    }

    /**
     * The deliverer gave a wrong delivery code, the {@code attempt}-th; recorded by the refusal of that
     * complete-delivery, so that the order locks after {@value FoodOrderDecider#MAX_WRONG_CODES}.
     */
    record DeliveryCodeRefused(int attempt) implements FoodOrderEvent {
    }

    /** The deliverer handed the food over and gave the right code. */
    record DeliveryCompleted() implements FoodOrderEvent {
    }

    /** The order is closed. */
    record OrderDelivered() implements FoodOrderEvent {
    }
}
