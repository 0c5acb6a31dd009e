package dev.annals.domain.orderbook;

import dev.annals.core.Caller;
import dev.annals.core.Decider;
import dev.annals.core.DomainRejection;
import dev.annals.domain.orderbook.OrderBookCommand.Buy;
import dev.annals.domain.orderbook.OrderBookCommand.Sell;
import dev.annals.domain.orderbook.OrderBookEvent.OrderDropped;
import dev.annals.domain.orderbook.OrderBookEvent.OrderRested;
import dev.annals.domain.orderbook.OrderBookEvent.OrdersMatched;

import java.util.List;
import java.util.Optional;

/**
 * Price-time priority matching of one-unit orders. A buy at p trades with the best ask if that ask's price is
 * at most p; a sell at p with the best bid if that bid's price is at least p; the trade is at the resting
 * order's price and both orders are done. Otherwise the order rests. A side holds at most {@link #MAX_PER_SIDE}
 * orders: past that, the least competitive one (the lowest bid or highest ask, the newest among equal prices,
 * which may be the order just placed) is dropped.
 *
 * <p>A trader places orders as herself: an order's user is its caller, unless the caller is a {@value #BROKER},
 * who places orders for others ({@code NOT_YOUR_ORDER} otherwise). The rule is the decider's, not only a gateway
 * rule, so that it holds for every way a command comes in.
 */
public final class OrderBookDecider implements Decider<OrderBookCommand, OrderBookEvent, OrderBook> {

    public static final int MAX_PER_SIDE = 100;

    /** The role that places orders for any user. */
    public static final String BROKER = "broker";

    @Override
    public OrderBook initialState() {
        return OrderBook.EMPTY;
    }

    // Exhaustive switches with no default: a new command or event without a branch is a compile error.
    @Override
    public List<OrderBookEvent> decide(OrderBookCommand command, OrderBook book) {
        return switch (command) {
            case Buy(String userId, long price, Caller by) -> {
                requireTrader(userId, by);
                yield place(book, Side.BUY, userId, price);
            }
            case Sell(String userId, long price, Caller by) -> {
                requireTrader(userId, by);
                yield place(book, Side.SELL, userId, price);
            }
        };
    }

    private static void requireTrader(String userId, Caller caller) {
        if (!userId.equals(caller.subject()) && !caller.hasRole(BROKER)) {
            throw new DomainRejection("NOT_YOUR_ORDER", "a trader places orders as herself (user "
                    + caller.subject() + "); only a " + BROKER + " places them for others");
        }
    }

    private List<OrderBookEvent> place(OrderBook book, Side side, String userId, long price) {
        long orderId = book.nextOrderId();
        Optional<RestingOrder> best = book.bestOpposite(side);
        if (best.isPresent() && crosses(side, price, best.get().price())) {
            RestingOrder resting = best.get();
            String buyer = side == Side.BUY ? userId : resting.userId();
            String seller = side == Side.BUY ? resting.userId() : userId;
            return List.of(new OrdersMatched(resting.orderId(), orderId, side, buyer, seller, resting.price()));
        }
        OrderRested rested = new OrderRested(orderId, side, userId, price);
        List<RestingOrder> after = evolve(book, rested).side(side);
        if (after.size() <= MAX_PER_SIDE) {
            return List.of(rested);
        }
        // each side is kept in priority order, so the least competitive order is the last one
        RestingOrder least = after.getLast();
        return List.of(rested, new OrderDropped(least.orderId(), side, least.userId(), least.price()));
    }

    private static boolean crosses(Side incoming, long price, long restingPrice) {
        return incoming == Side.BUY ? restingPrice <= price : restingPrice >= price;
    }

    @Override
    public OrderBook evolve(OrderBook book, OrderBookEvent event) {
        return switch (event) {
            case OrderRested(long orderId, Side side, String userId, long price) ->
                    book.rested(side, new RestingOrder(orderId, userId, price));
            case OrdersMatched matched -> book.without(matched.incomingSide() == Side.BUY ? Side.SELL : Side.BUY,
                    matched.restingOrderId(), matched.incomingOrderId());
            case OrderDropped(long orderId, Side side, String userId, long price) ->
                    book.without(side, orderId, orderId);
        };
    }
}
