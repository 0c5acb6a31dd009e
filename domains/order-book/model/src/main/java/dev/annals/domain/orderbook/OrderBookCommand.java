package dev.annals.domain.orderbook;

import dev.annals.core.Caller;
import dev.annals.core.ServerGenerated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An order for one unit at a whole-number price, placed as {@code userId}. REST names {@code buy} and {@code sell};
 * a book needs no creating command, its first order opens it. {@code by} is the caller, filled in by the server
 * ({@link OrderBookType#COMPLETION}): a trader places orders as herself, a broker for anyone.
 */
public sealed interface OrderBookCommand {

    long MAX_PRICE = 1_000_000_000_000L;

    String userId();

    long price();

    Caller by();

    record Buy(@NotBlank @Size(max = 200) String userId, @Positive @Max(MAX_PRICE) long price,
               @ServerGenerated Caller by) implements OrderBookCommand {
    }

    record Sell(@NotBlank @Size(max = 200) String userId, @Positive @Max(MAX_PRICE) long price,
                @ServerGenerated Caller by) implements OrderBookCommand {
    }
}
