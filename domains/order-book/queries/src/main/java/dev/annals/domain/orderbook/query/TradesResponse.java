package dev.annals.domain.orderbook.query;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/order-books/{id}/trades}: trades in the order they happened, a page at a time. */
public record TradesResponse(String bookId, List<Trade> items, String next) {

    /**
     * @param sequence     increasing within the book; {@code after=} of the next page
     * @param incomingSide the side of the order that came in and traded with a resting one: {@code BUY} or
     *                     {@code SELL}, as the OrdersMatched event says
     */
    public record Trade(long sequence, @JsonInclude(JsonInclude.Include.NON_NULL) String buyerId,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String sellerId, long price, String incomingSide,
                        Instant time) {

        /** The trade as {@code reader} sees it: its buyer and seller where she may know them. */
        Trade seenBy(Traders reader) {
            return new Trade(sequence, reader.shown(buyerId), reader.shown(sellerId), price, incomingSide, time);
        }
    }
}
