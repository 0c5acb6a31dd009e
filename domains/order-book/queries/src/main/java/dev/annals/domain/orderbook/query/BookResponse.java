package dev.annals.domain.orderbook.query;

import java.util.List;

/**
 * An order book as the classic trading API shows it: asks by ascending price, bids by descending price, the
 * oldest order first within a price.
 */
public record BookResponse(List<Order> asks, List<Order> bids) {

    public record Order(String userId, long price) {
    }
}
