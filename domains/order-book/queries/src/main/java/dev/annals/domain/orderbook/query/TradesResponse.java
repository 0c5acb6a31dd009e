package dev.annals.domain.orderbook.query;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/order-books/{id}/trades}: trades in the order they happened, a page at a time. */
public record TradesResponse(String bookId, List<Trade> items, String next) {

    /**
     * @param sequence     increasing within the book; {@code after=} of the next page
     * @param incomingSide the side of the order that came in and traded with a resting one: {@code BUY} or
     *                     {@code SELL}, as the OrdersMatched event says
     */
    public record Trade(long sequence, String buyerId, String sellerId, long price, String incomingSide,
                        Instant time) {
    }
}
