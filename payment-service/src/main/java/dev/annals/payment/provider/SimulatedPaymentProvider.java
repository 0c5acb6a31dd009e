package dev.annals.payment.provider;

import dev.annals.payment.provider.ProviderLedger.Entry;
import dev.annals.payment.provider.ProviderLedger.Step;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The payment provider the example ships with, so that it runs without one: deterministic, configurable, never a
 * network call. What it does with a charge follows from its key, as a real provider's does once it has seen the
 * key: asked again, it answers with what became of it. Cards like a real provider's test cards: a payment
 * reference ending in {@code 4242} is approved, in {@code 0002} declined, in {@code 0119} never answered, in
 * {@code 0341} approved late — {@code late-by} after it was first asked, long after a caller stopped waiting (asked
 * again after that, it answers "approved" at once). Any other is declined, never answered, or approved late for
 * the shares {@code payments.provider.decline-rate}, {@code silence-rate} and {@code late-rate} of the keys,
 * chosen by the key's hash. Each answer takes {@code latency}. What it did — charged, refunded, cancelled — is in
 * its own {@link ProviderLedger}.
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

        /** The share of charges (0 to 1) approved late, by their key. */
        @WithDefault("0.05")
        double lateRate();

        /** How long after it was first asked a late charge is approved. */
        @WithDefault("5s")
        Duration lateBy();

        /** A file to keep the provider's ledger in, so that it outlives the service; in memory only if unset. */
        Optional<Path> ledgerFile();
    }

    private final Settings settings;
    private final ProviderLedger ledger;
    private final Clock clock;
    /** When a late charge is approved, by key: from its first ask. */
    private final Map<String, Instant> approvedAt = new ConcurrentHashMap<>();
    private final Map<String, String> orderOf = new ConcurrentHashMap<>();

    @Inject
    public SimulatedPaymentProvider(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    SimulatedPaymentProvider(Settings settings, Clock clock) {
        if (settings.declineRate() < 0 || settings.silenceRate() < 0 || settings.lateRate() < 0
                || settings.declineRate() + settings.silenceRate() + settings.lateRate() > 1) {
            throw new IllegalStateException("payments.provider.decline-rate, silence-rate and late-rate are shares"
                    + " from 0 to 1 that add up to at most 1, not " + settings.declineRate() + ", "
                    + settings.silenceRate() + " and " + settings.lateRate());
        }
        this.settings = settings;
        this.clock = clock;
        this.ledger = new ProviderLedger(settings.ledgerFile());
    }

    @Override
    public Uni<ChargeAnswer> charge(Charge charge) {
        orderOf.putIfAbsent(charge.key(), charge.orderId());
        Optional<Entry> undone = ledger.undoing(charge.key());
        if (undone.isPresent()) {
            return answer(new ChargeAnswer.Declined("the charge was " + undone.get().step().name().toLowerCase()));
        }
        Optional<Entry> approved = ledger.approval(charge.key());
        if (approved.isPresent()) {
            return answer(approved(approved.get())); // asked again, after a restart too: what became of it
        }
        return switch (decide(charge)) {
            case APPROVED -> answer(approved(approve(charge.key())));
            case DECLINED -> answer(new ChargeAnswer.Declined("card declined"));
            case SILENT -> Uni.createFrom().nothing();
            case LATE -> {
                Instant due = approvedAt.computeIfAbsent(charge.key(), key -> {
                    Instant at = clock.instant().plus(settings.lateBy());
                    // it goes through at its time whether anyone still waits or asks again, unless cancelled first
                    delayed(Uni.createFrom().voidItem(), settings.lateBy()).subscribe().with(ignored ->
                            ledger.approveUnlessUndone(approval(key)));
                    return at;
                });
                Duration wait = Duration.between(clock.instant(), due);
                // the answer comes when the charge is approved: a caller who waits that long gets it
                yield delayed(Uni.createFrom().voidItem(), wait)
                        .map(ignored -> ledger.approveUnlessUndone(approval(charge.key()))
                                .<ChargeAnswer>map(SimulatedPaymentProvider::approved)
                                .orElse(new ChargeAnswer.Declined("the charge was cancelled")))
                        .chain(this::answer);
            }
        };
    }

    @Override
    public Uni<Reversal> reverse(String chargeKey) {
        Instant lateApproval = approvedAt.get(chargeKey);
        if (lateApproval != null && !clock.instant().isBefore(lateApproval)) {
            ledger.approveUnlessUndone(approval(chargeKey)); // its time came: charged, whether anyone asked or not
        }
        Entry undone = ledger.undo(chargeKey, orderOf.getOrDefault(chargeKey, "-"),
                "sim-refund-" + hex(chargeKey).substring(0, 16));
        return answer(undone.step() == Step.REFUNDED ? new Reversal.Refunded(undone.reference())
                : new Reversal.Cancelled());
    }

    /** Every step the provider took, as its dashboard would list them. */
    public ProviderLedger ledger() {
        return ledger;
    }

    enum Decision { APPROVED, DECLINED, SILENT, LATE }

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
        if (card.endsWith("0341")) {
            return Decision.LATE;
        }
        double draw = unitInterval(charge.key());
        if (draw < settings.declineRate()) {
            return Decision.DECLINED;
        }
        if (draw < settings.declineRate() + settings.silenceRate()) {
            return Decision.SILENT;
        }
        return draw < settings.declineRate() + settings.silenceRate() + settings.lateRate() ? Decision.LATE
                : Decision.APPROVED;
    }

    private Entry approve(String key) {
        return ledger.record(approval(key));
    }

    private Entry approval(String key) {
        return new Entry(Step.APPROVED, key, orderOf.getOrDefault(key, "-"), "sim-" + hex(key).substring(0, 16));
    }

    private static ChargeAnswer approved(Entry approval) {
        return new ChargeAnswer.Approved(approval.reference());
    }

    private <T> Uni<T> answer(T answer) {
        return delayed(Uni.createFrom().item(answer), settings.latency());
    }

    private static <T> Uni<T> delayed(Uni<T> uni, Duration by) {
        return by.isNegative() || by.isZero() ? uni : uni.onItem().delayIt().by(by);
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
