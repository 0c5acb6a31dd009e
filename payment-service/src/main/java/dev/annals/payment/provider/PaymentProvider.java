package dev.annals.payment.provider;

import io.smallrye.mutiny.Uni;

/**
 * A payment provider: charges once per key, however often it is asked (a real one takes the key as its
 * idempotency key, or payment reference), and answers a charge asked again under its key with what became of it.
 * It may be slow, answer late, or not answer at all.
 */
public interface PaymentProvider {

    /** Charges, or answers what became of the charge under this key if it was asked before. */
    Uni<ChargeAnswer> charge(Charge charge);

    /**
     * Undoes the charge under {@code chargeKey}, whatever became of it: refunded if it was charged, cancelled if not
     * (then it is never charged, however late an approval would have come). Asked again, it answers the same.
     */
    Uni<Reversal> reverse(String chargeKey);
}
