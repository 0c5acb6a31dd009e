package dev.annals.domain.cart.query;

import java.util.List;

/** {@code GET /api/carts/{id}}: a cart with its lines in the order first added; money in minor units. */
public record CartResponse(String id, String customerId, List<Item> items, long total, String status, long version) {

    public record Item(String sku, long quantity, long unitPrice) {
    }
}
