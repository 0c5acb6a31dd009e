package dev.annals.payment.provider;

import java.time.Duration;

/** What the payment provider answered to a charge — or that it did not answer in time. */
public sealed interface ChargeAnswer {

    /** Charged; {@code reference} is the provider's. */
    record Approved(String reference) implements ChargeAnswer {
    }

    /** Not charged, for a reason the customer may be told. */
    record Declined(String reason) implements ChargeAnswer {
    }

    /** No answer within the time the service waits: taken as not charged. */
    record NoAnswer(Duration waited) implements ChargeAnswer {
    }
}
