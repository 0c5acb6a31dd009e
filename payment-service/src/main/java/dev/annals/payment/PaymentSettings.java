package dev.annals.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code payments.*}: how the payment service takes payments. */
@ConfigMapping(prefix = "payments")
public interface PaymentSettings {

    /**
     * How long a charge is waited for. No answer by then is not a failure — the charge may still go through — so
     * the payment stays pending and the provider is asked again.
     */
    @WithDefault("2s")
    Duration timeout();

    /** How long after a charge went unanswered the provider is asked again about it, under the same key. */
    @WithDefault("5s")
    Duration askAgainAfter();

    /**
     * How many times the provider is asked again before the payment is given up: failed, and the charge reversed
     * (cancelled, or refunded if it went through after all).
     */
    @WithDefault("6")
    int askAgainTimes();
}
