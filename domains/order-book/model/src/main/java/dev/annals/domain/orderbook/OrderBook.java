package dev.annals.domain.orderbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An order book as folded from its events: each side in priority order (the best order first).
 *
 * @param nextOrderId the id the next incoming order gets
 */
public record OrderBook(long nextOrderId, List<RestingOrder> bids, List<RestingOrder> asks) {

    public static final OrderBook EMPTY = new OrderBook(1, List.of(), List.of());

    public OrderBook {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    List<RestingOrder> side(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    /** The best order an incoming order of {@code side} could trade with. */
    Optional<RestingOrder> bestOpposite(Side side) {
        List<RestingOrder> opposite = side == Side.BUY ? asks : bids;
        return opposite.isEmpty() ? Optional.empty() : Optional.of(opposite.getFirst());
    }

    OrderBook rested(Side side, RestingOrder order) {
        List<RestingOrder> orders = new ArrayList<>(side(side));
        orders.add(order);
        orders.sort(side == Side.BUY ? RestingOrder.BIDS : RestingOrder.ASKS);
        return with(side, orders, order.orderId());
    }

    OrderBook without(Side side, long orderId, long incomingOrderId) {
        List<RestingOrder> orders = new ArrayList<>(side(side));
        orders.removeIf(order -> order.orderId() == orderId);
        return with(side, orders, incomingOrderId);
    }

    private OrderBook with(Side side, List<RestingOrder> orders, long seenOrderId) {
        long next = Math.max(nextOrderId, seenOrderId + 1);
        return side == Side.BUY ? new OrderBook(next, orders, asks) : new OrderBook(next, bids, orders);
    }
}
