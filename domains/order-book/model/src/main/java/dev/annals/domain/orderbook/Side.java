package dev.annals.domain.orderbook;

/** Which side of the book an order is on: bids buy, asks sell. */
public enum Side {
    BUY, SELL
}
