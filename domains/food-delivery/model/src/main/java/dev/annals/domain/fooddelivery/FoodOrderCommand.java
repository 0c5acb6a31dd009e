package dev.annals.domain.fooddelivery;

import dev.annals.core.Caller;
import dev.annals.core.Creates;
import dev.annals.core.ServerGenerated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Map;

/**
 * What a customer, the payment provider, a restaurant and a deliverer can ask of a food order. REST names:
 * {@code create}, {@code initiate-payment}, {@code confirm-payment}, {@code fail-payment}, {@code accept},
 * {@code start-delivery}, {@code complete-delivery}, {@code mark-delivered}.
 *
 * <p>{@code by} is the caller, filled in by the server ({@link FoodOrderType#COMPLETION}): each step is taken by
 * the one party the order lets take it ({@link FoodOrderDecider}).
 */
public sealed interface FoodOrderCommand {

    /**
     * Places an order. The server draws the two-digit {@code deliveryCode} the customer gives the deliverer, and
     * stamps {@code placedAt}; both travel in the command, so a replay sees the same values.
     */
    @Creates
    record Create(@NotBlank @Size(max = 200) String userId,
                  @NotBlank @Size(max = 200) String restaurantId,
                  @NotEmpty @Size(max = 100) Map<@NotBlank @Size(max = 100) String,
                          @NotNull @Positive @Max(1000) Integer> items,
                  @ServerGenerated String deliveryCode,
                  @ServerGenerated Instant placedAt,
                  @ServerGenerated Caller by) implements FoodOrderCommand {
    }

    record InitiatePayment(@NotBlank @Size(max = 2000) String paymentData, @ServerGenerated Caller by)
            implements FoodOrderCommand {
    }

    record ConfirmPayment(@ServerGenerated Caller by) implements FoodOrderCommand {
    }

    record FailPayment(@NotBlank @Size(max = 500) String reason, @ServerGenerated Caller by)
            implements FoodOrderCommand {
    }

    record Accept(@NotBlank @Size(max = 200) String restaurantId, @Positive @Max(1440) int prepareMinutes,
                  @ServerGenerated Caller by) implements FoodOrderCommand {
    }

    record StartDelivery(@NotBlank @Size(max = 200) String delivererId, @ServerGenerated Caller by)
            implements FoodOrderCommand {
    }

    record CompleteDelivery(@NotBlank @Size(max = 2) String deliveryCode, @ServerGenerated Caller by)
            implements FoodOrderCommand {
    }

    record MarkDelivered(@ServerGenerated Caller by) implements FoodOrderCommand {
    }
}
