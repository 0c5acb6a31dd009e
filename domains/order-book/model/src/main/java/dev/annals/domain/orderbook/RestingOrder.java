package dev.annals.domain.orderbook;

import java.util.Comparator;

/** An order waiting in the book. Order ids grow with each order the book receives: a lower id is older. */
public record RestingOrder(long orderId, String userId, long price) {

    /** Bids: highest price first, oldest first within a price. */
    static final Comparator<RestingOrder> BIDS = Comparator.comparingLong(RestingOrder::price).reversed()
            .thenComparingLong(RestingOrder::orderId);

    /** Asks: lowest price first, oldest first within a price. */
    static final Comparator<RestingOrder> ASKS = Comparator.comparingLong(RestingOrder::price)
            .thenComparingLong(RestingOrder::orderId);
}
