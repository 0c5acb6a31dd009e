package dev.annals.payment.provider;

/** What undoing a charge came to. */
public sealed interface Reversal {

    /** It had been charged: the money went back; {@code reference} is the provider's refund. */
    record Refunded(String reference) implements Reversal {
    }

    /** It had not been charged, and now never will be. */
    record Cancelled() implements Reversal {
    }
}
