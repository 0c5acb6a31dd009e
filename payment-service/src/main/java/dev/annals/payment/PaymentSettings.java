package dev.annals.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code payments.*}: how the payment service takes payments. */
@ConfigMapping(prefix = "payments")
public interface PaymentSettings {

    /** How long a charge may take before the payment is failed as unanswered. */
    @WithDefault("2s")
    Duration timeout();
}
