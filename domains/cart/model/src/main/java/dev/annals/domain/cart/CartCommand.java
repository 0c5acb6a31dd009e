package dev.annals.domain.cart;

import dev.annals.core.Creates;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * What a shopper can ask of a cart. Prices are whole minor units (cents). REST names: {@code create},
 * {@code add-item}, {@code remove-item}, {@code complete-purchase}.
 */
public sealed interface CartCommand {

    /** The largest quantity one request adds, and the largest unit price: a typo is refused, not ordered. */
    int MAX_QUANTITY = 1_000_000;
    long MAX_UNIT_PRICE = 1_000_000_000_000L;

    @Creates
    record Create(@NotBlank @Size(max = 200) String customerId) implements CartCommand {
    }

    record AddItem(@NotBlank @Size(max = 100) String sku, @Positive @Max(MAX_QUANTITY) int quantity,
                   @PositiveOrZero @Max(MAX_UNIT_PRICE) long unitPrice) implements CartCommand {
    }

    record RemoveItem(@NotBlank @Size(max = 100) String sku) implements CartCommand {
    }

    record CompletePurchase() implements CartCommand {
    }
}
