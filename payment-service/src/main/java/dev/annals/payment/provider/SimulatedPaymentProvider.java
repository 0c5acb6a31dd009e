package dev.annals.payment.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The payment provider the example ships with, so that it runs without one: deterministic, configurable, never a
 * network call. A charge's answer follows from its key, as a real provider's does once it has seen the key:
 * asked again, it answers the same. Cards like a real provider's test cards: a payment reference ending in
 * {@code 4242} is approved, in {@code 0002} declined, in {@code 0119} never answered; any other is declined for a
 * share {@code payments.provider.decline-rate} of the keys and never answered for a share {@code silence-rate},
 * chosen by the key's hash. Each answer takes {@code latency}.
 */
@ApplicationScoped
public class SimulatedPaymentProvider implements PaymentProvider {

    /** {@code payments.provider.*}. */
    @ConfigMapping(prefix = "payments.provider")
    public interface Settings {

        /** How long each answer takes. */
        @WithDefault("50ms")
        Duration latency();

        /** The share of charges (0 to 1) declined, by their key. */
        @WithDefault("0.1")
        double declineRate();

        /** The share of charges (0 to 1) never answered, by their key. */
        @WithDefault("0.05")
        double silenceRate();
    }

    private final Settings settings;

    public SimulatedPaymentProvider(Settings settings) {
        if (settings.declineRate() < 0 || settings.silenceRate() < 0
                || settings.declineRate() + settings.silenceRate() > 1) {
            throw new IllegalStateException("payments.provider.decline-rate and silence-rate are shares from 0 to 1"
                    + " that add up to at most 1, not " + settings.declineRate() + " and " + settings.silenceRate());
        }
        this.settings = settings;
    }

    @Override
    public Uni<ChargeAnswer> charge(Charge charge) {
        Decision decision = decide(charge);
        if (decision == Decision.SILENT) {
            return Uni.createFrom().nothing();
        }
        ChargeAnswer answer = decision == Decision.APPROVED
                ? new ChargeAnswer.Approved("sim-" + hex(charge.key()).substring(0, 16))
                : new ChargeAnswer.Declined("card declined");
        return Uni.createFrom().item(answer).onItem().delayIt().by(settings.latency());
    }

    enum Decision { APPROVED, DECLINED, SILENT }

    Decision decide(Charge charge) {
        String card = charge.paymentData().strip();
        if (card.endsWith("4242")) {
            return Decision.APPROVED;
        }
        if (card.endsWith("0002")) {
            return Decision.DECLINED;
        }
        if (card.endsWith("0119")) {
            return Decision.SILENT;
        }
        double draw = unitInterval(charge.key());
        if (draw < settings.declineRate()) {
            return Decision.DECLINED;
        }
        return draw < settings.declineRate() + settings.silenceRate() ? Decision.SILENT : Decision.APPROVED;
    }

    /** The key's SHA-256 as a number in [0, 1): the same key, the same draw. */
    static double unitInterval(String key) {
        long bits = ByteBuffer.wrap(sha256(key)).getLong() >>> 11;
        return bits / (double) (1L << 53);
    }

    private static String hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
