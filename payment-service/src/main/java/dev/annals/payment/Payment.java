package dev.annals.payment;

import dev.annals.payment.provider.Charge;

/**
 * One initiated payment: the order and the version of its {@code PaymentInitiated} (an order may be paid again
 * after a failed payment), and the key its charge carries, every time the provider is asked.
 */
record Payment(String orderId, long initiatedVersion, String chargeKey, String paymentData) {

    Charge charge() {
        return new Charge(chargeKey, orderId, paymentData);
    }

    /** The key of its {@code ask-again} deadline: {@code <order>@<version>}. */
    String deadlineKey() {
        return orderId + "@" + initiatedVersion;
    }
}
