package dev.annals.payment.provider;

/**
 * A charge asked of the payment provider.
 *
 * @param key         the reactor's derived key for the charge: the same on every attempt, so the provider charges
 *                    once however often it is asked
 * @param orderId     what is paid for
 * @param paymentData what the customer gave (a card reference)
 */
public record Charge(String key, String orderId, String paymentData) {
}
