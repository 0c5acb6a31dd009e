package dev.annals.domain.orderbook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An order for one unit at a whole-number price. REST names {@code buy} and {@code sell}; a book needs no
 * creating command, its first order opens it.
 */
public sealed interface OrderBookCommand {

    long MAX_PRICE = 1_000_000_000_000L;

    String userId();

    long price();

    record Buy(@NotBlank @Size(max = 200) String userId, @Positive @Max(MAX_PRICE) long price)
            implements OrderBookCommand {
    }

    record Sell(@NotBlank @Size(max = 200) String userId, @Positive @Max(MAX_PRICE) long price)
            implements OrderBookCommand {
    }
}
