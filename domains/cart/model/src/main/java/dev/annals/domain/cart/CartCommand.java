package dev.annals.domain.cart;

import dev.annals.core.Caller;
import dev.annals.core.Creates;
import dev.annals.core.ServerGenerated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * What a shopper can ask of a cart. Prices are whole minor units (cents). REST names: {@code create},
 * {@code add-item}, {@code remove-item}, {@code complete-purchase}. {@code by} is the caller, filled in by the
 * server ({@link CartType#COMPLETION}): a cart is created for its caller and changed by its customer only.
 */
public sealed interface CartCommand {

    /** The largest quantity one request adds, and the largest unit price: a typo is refused, not ordered. */
    int MAX_QUANTITY = 1_000_000;
    long MAX_UNIT_PRICE = 1_000_000_000_000L;

    @Creates
    record Create(@NotBlank @Size(max = 200) String customerId, @ServerGenerated Caller by) implements CartCommand {
    }

    record AddItem(@NotBlank @Size(max = 100) String sku, @Positive @Max(MAX_QUANTITY) int quantity,
                   @PositiveOrZero @Max(MAX_UNIT_PRICE) long unitPrice, @ServerGenerated Caller by)
            implements CartCommand {
    }

    record RemoveItem(@NotBlank @Size(max = 100) String sku, @ServerGenerated Caller by) implements CartCommand {
    }

    record CompletePurchase(@ServerGenerated Caller by) implements CartCommand {
    }
}
