package dev.annals.domain.orderbook.query;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An order book as the classic trading API shows it: asks by ascending price, bids by descending price, the
 * oldest order first within a price.
 */
public record BookResponse(List<Order> asks, List<Order> bids) {

    /** @param userId who placed it: shown to her and to brokers, left out for every other reader */
    public record Order(@JsonInclude(JsonInclude.Include.NON_NULL) String userId, long price) {
    }

    /** The book as {@code reader} sees it: the market's prices, and whose orders they are only where she may know. */
    BookResponse seenBy(Traders reader) {
        return new BookResponse(seenBy(asks, reader), seenBy(bids, reader));
    }

    private static List<Order> seenBy(List<Order> orders, Traders reader) {
        return orders.stream().map(order -> new Order(reader.shown(order.userId()), order.price())).toList();
    }
}
