package dev.annals.domain.orderbook;

import dev.annals.core.AggregateType;
import dev.annals.core.CommandCompletion;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Registers the aggregate type {@code order-book}; services find it as a CDI bean. */
@Dependent
public class OrderBookType {

    public static final String NAME = "order-book";

    /** The book the classic routes ({@code POST /buy/...}, {@code GET /orderbook}) trade on. */
    public static final String DEFAULT_BOOK = "default";

    /** The projection of resting orders and trades, and the schema its readers find them in. */
    public static final String READ_MODEL = "order-books";

    /** Fills in who places each order. */
    public static final CommandCompletion<OrderBookCommand> COMPLETION = (command, values) -> switch (command) {
        case OrderBookCommand.Buy buy -> new OrderBookCommand.Buy(buy.userId(), buy.price(), values.caller());
        case OrderBookCommand.Sell sell -> new OrderBookCommand.Sell(sell.userId(), sell.price(), values.caller());
    };

    public static final AggregateType<OrderBookCommand, OrderBookEvent, OrderBook> TYPE = AggregateType.of(NAME,
            new OrderBookDecider(), OrderBookCommand.class, OrderBookEvent.class, OrderBook.class, COMPLETION);

    @Produces
    @Singleton
    AggregateType<OrderBookCommand, OrderBookEvent, OrderBook> orderBook() {
        return TYPE;
    }
}
