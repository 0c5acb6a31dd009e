package dev.annals.domain.orderbook;

/** What happened in an order book; past-tense facts, never changed once written. */
public sealed interface OrderBookEvent {

    /** An order found nothing to trade with and joined its side of the book. */
    record OrderRested(long orderId, Side side, String userId, long price) implements OrderBookEvent {
    }

    /**
     * An incoming order traded with the best resting order on the other side, at the resting order's price; the
     * resting order left the book.
     */
    record OrdersMatched(long restingOrderId, long incomingOrderId, Side incomingSide, String buyerId,
                         String sellerId, long price) implements OrderBookEvent {
    }

    /** Its side held more than the cap, and it was the least competitive order there. */
    record OrderDropped(long orderId, Side side, String userId, long price) implements OrderBookEvent {
    }
}
