package dev.annals.domain.fooddelivery.query;

import java.util.List;

/** {@code GET /api/delivery/users/{userId}/orders}: the user's order ids, oldest first. */
public record UserOrdersResponse(String userId, List<String> orders) {
}
