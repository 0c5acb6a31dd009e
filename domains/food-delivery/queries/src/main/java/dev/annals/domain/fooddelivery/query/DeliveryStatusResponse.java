package dev.annals.domain.fooddelivery.query;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * {@code GET /api/delivery/orders/{orderId}/status}.
 *
 * @param status       {@code placed}, {@code preparing}, {@code collected}, {@code delivered} or {@code done}
 * @param lastStatus   when the event that set {@code status} was recorded
 * @param deliveryCode the code the customer gives the deliverer: shown to her alone, absent for anyone else
 * @param payment      {@code none}, {@code pending}, {@code paid} or {@code failed}
 */
public record DeliveryStatusResponse(String orderId, String status, Instant lastStatus,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) String deliveryCode,
                                     String payment, long version) {
}
