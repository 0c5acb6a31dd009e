package dev.annals.domain.cart;

/** What happened to a cart; past-tense facts, never changed once written. */
public sealed interface CartEvent {

    record CartCreated(String customerId) implements CartEvent {
    }

    /**
     * {@code quantity} more of {@code sku} at {@code unitPrice}: a sku's first addition sets its line's price, a
     * later one has the same price (logs from before that rule may re-price the line).
     */
    record ItemAdded(String sku, int quantity, long unitPrice) implements CartEvent {
    }

    /** The whole line of {@code sku} is gone. */
    record ItemRemoved(String sku) implements CartEvent {
    }

    /** The cart was bought for {@code total}; nothing changes it any more. */
    record PurchaseCompleted(long total) implements CartEvent {
    }
}
