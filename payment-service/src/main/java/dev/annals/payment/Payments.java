package dev.annals.payment;

import dev.annals.consumer.CommandOutcome;
import dev.annals.consumer.Sql;
import dev.annals.payment.provider.ChargeAnswer;
import dev.annals.payment.provider.Reversal;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Optional;

/**
 * The payments reactor's own tables: each payment's state ({@code payments}, one row per initiated payment) and
 * every step it took ({@code payment_steps}), written with the reaction that took it.
 */
final class Payments {

    /** A payment waiting for an answer, and how often the provider was asked again already. */
    record Pending(Payment payment, int asks) {
    }

    private Payments() {
    }

    /** The payment still waiting for an answer under the deadline key {@code <order>@<version>}, if it is. */
    static Uni<Optional<Pending>> pending(Sql sql, String deadlineKey) {
        int at = deadlineKey.lastIndexOf('@');
        String order = deadlineKey.substring(0, at);
        long version = Long.parseLong(deadlineKey.substring(at + 1));
        return sql.query("select charge_key, payment_data, asks from payments where order_id = $1"
                        + " and initiated_version = $2 and status = 'pending'", order, version)
                .map(rows -> rows.stream().findFirst().map(row -> new Pending(new Payment(order, version,
                        row.getString(0), row.getString(1)), row.getInteger(2))));
    }

    /** No answer in time: pending, the provider to be asked again. */
    static void unanswered(Sql sql, Payment payment, Duration waited, int asks) {
        upsert(sql, payment, "pending", "NoAnswer", null, null, null, asks);
        step(sql, payment, "unanswered", "no answer within " + waited.toMillis() + " ms (ask " + (asks + 1)
                + "); asking again");
    }

    /** A decision sent after {@code asks} asks again, and what the order made of it. */
    static void decided(Sql sql, Payment payment, ChargeAnswer answer, CommandOutcome outcome, String reference,
                        int asks) {
        String reason = switch (outcome) {
            case CommandOutcome.Accepted accepted -> null;
            case CommandOutcome.Rejected rejected -> rejected.reason();
            case CommandOutcome.VersionConflict conflict -> "the order was at version " + conflict.version();
        };
        String status = !(outcome instanceof CommandOutcome.Accepted) ? "turned-away"
                : answer instanceof ChargeAnswer.Approved ? "confirmed" : "failed";
        upsert(sql, payment, status, answer.getClass().getSimpleName(), reference,
                outcome.getClass().getSimpleName(), reason, asks);
        step(sql, payment, status, answer + " → " + outcome.getClass().getSimpleName()
                + (reason == null ? "" : " (" + reason + ")"));
    }

    /** The charge undone at the provider. */
    static void reversed(Sql sql, Payment payment, Reversal reversal, String why) {
        String status = switch (reversal) {
            case Reversal.Refunded refunded -> "refunded";
            case Reversal.Cancelled cancelled -> "cancelled";
        };
        sql.exec("update payments set status = $3, refund_reference = $4, updated_at = now() where order_id = $1"
                        + " and initiated_version = $2", payment.orderId(), payment.initiatedVersion(), status,
                reversal instanceof Reversal.Refunded(String reference) ? reference : null)
                .expectRows(1, () -> "the payment " + payment.deadlineKey() + " is recorded before it is reversed");
        step(sql, payment, status, why + ": " + reversal);
    }

    private static void upsert(Sql sql, Payment payment, String status, String answer, String reference,
                               String outcome, String reason, int asks) {
        sql.exec("insert into payments (order_id, initiated_version, charge_key, payment_data, status, answer,"
                        + " reference, outcome, reason, asks, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10, now()) on conflict (order_id, initiated_version) do update set"
                        + " status = excluded.status, answer = excluded.answer, reference = excluded.reference,"
                        + " outcome = excluded.outcome, reason = excluded.reason,"
                        + " asks = excluded.asks, updated_at = now()",
                payment.orderId(), payment.initiatedVersion(), payment.chargeKey(), payment.paymentData(), status,
                answer, reference, outcome, reason, asks);
    }

    private static void step(Sql sql, Payment payment, String step, String detail) {
        sql.exec("insert into payment_steps (order_id, initiated_version, step, detail) values ($1, $2, $3, $4)",
                payment.orderId(), payment.initiatedVersion(), step, detail);
    }
}
