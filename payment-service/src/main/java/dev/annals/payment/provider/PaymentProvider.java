package dev.annals.payment.provider;

import io.smallrye.mutiny.Uni;

/**
 * A payment provider: charges once per key, however often it is asked (a real one takes the key as its
 * idempotency key, or payment reference). It may be slow, or not answer at all.
 */
public interface PaymentProvider {

    Uni<ChargeAnswer> charge(Charge charge);
}
