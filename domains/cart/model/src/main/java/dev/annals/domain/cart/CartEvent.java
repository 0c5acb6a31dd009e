package dev.annals.domain.cart;

/** What happened to a cart; past-tense facts, never changed once written. */
public sealed interface CartEvent {

    record CartCreated(String customerId) implements CartEvent {
    }

    /** {@code quantity} more of {@code sku}; {@code unitPrice} is the price from now on. */
    record ItemAdded(String sku, int quantity, long unitPrice) implements CartEvent {
    }

    /** The whole line of {@code sku} is gone. */
    record ItemRemoved(String sku) implements CartEvent {
    }

    /** The cart was bought for {@code total}; nothing changes it any more. */
    record PurchaseCompleted(long total) implements CartEvent {
    }
}
