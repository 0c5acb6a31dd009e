package dev.annals.devstack.service;

import dev.annals.devstack.auth.TokenIssuer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A little history to look at after {@code devstack up}: sent through the command API like any client's, so it is
 * in the event log and every projection. Sent on the first start of a data directory only: a later start shows
 * the same state, rebuilt from the log.
 */
public final class DemoData {

    /**
     * @param caller       who sends it: a {@link TokenIssuer#DEMO_CALLERS demo caller}, each acting as the domains'
     *                     rules let them (ann on her own account, cart and order; the pizzeria's staff accepts the
     *                     order; a broker places the traders' orders)
     * @param afterPayment sent once payment-service has taken the order's payment, if it runs
     */
    private record Command(String path, String body, String caller, boolean afterPayment) {
        Command(String path, String body, String caller) {
            this(path, body, caller, false);
        }
    }

    /** How long the demo waits for payment-service to take the demo order's payment. */
    private static final Duration PAYMENT_WAIT = Duration.ofSeconds(30);

    /** One small story per example domain, with fixed ids so the printed curl examples find them. */
    private static final List<Command> COMMANDS = List.of(
            new Command("/api/bank-account/demo-ann/open", "{\"owner\":\"ann\"}", "ann"),
            new Command("/api/bank-account/demo-ann/deposit", "{\"amount\":10000}", "ann"),
            new Command("/api/bank-account/demo-ann/withdraw", "{\"amount\":2500}", "ann"),
            // a teller opens an account for someone else
            new Command("/api/bank-account/demo-bob/open", "{\"owner\":\"bob\"}", "tess"),
            new Command("/api/bank-account/demo-bob/deposit", "{\"amount\":500}", "tess"),
            new Command("/api/cart/demo-cart/create", "{\"customerId\":\"ann\"}", "ann"),
            new Command("/api/cart/demo-cart/add-item", "{\"sku\":\"apple\",\"quantity\":3,\"unitPrice\":40}",
                    "ann"),
            new Command("/api/cart/demo-cart/add-item", "{\"sku\":\"pear\",\"quantity\":1,\"unitPrice\":80}",
                    "ann"),
            new Command("/api/food-order/demo-order/create",
                    "{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":2}}", "ann"),
            // payment-service confirms it (a card ending 4242 is always approved); the pizzeria accepts it then
            new Command("/api/food-order/demo-order/initiate-payment", "{\"paymentData\":\"card ending 4242\"}",
                    "ann"),
            new Command("/api/food-order/demo-order/accept", "{\"restaurantId\":\"pizzeria\",\"prepareMinutes\":15}",
                    "rita", true),
            new Command("/sell/bob/105", "", "bea"),
            new Command("/sell/cat/103", "", "bea"),
            new Command("/buy/dan/99", "", "bea"),
            new Command("/buy/eve/104", "", "bea"));

    private DemoData() {
    }

    /** How many commands {@link #send} sends. */
    public static int size() {
        return COMMANDS.size();
    }

    /**
     * Sends the demo commands, each as its caller with a token of {@code tokens}; returns how many were accepted.
     * With {@code payments} (payment-service runs), a command that waits for the demo order's payment is sent again
     * until it is accepted, for a while; without, it is sent once (and refused: the order is not paid).
     */
    public static int send(String commandServiceUrl, TokenIssuer tokens, boolean payments) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int accepted = 0;
        for (Command command : COMMANDS) {
            String token = TokenIssuer.demoCaller(command.caller()).token(tokens, Duration.ofMinutes(5));
            HttpRequest request = HttpRequest.newBuilder(URI.create(commandServiceUrl + command.path()))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(15))
                    .POST(HttpRequest.BodyPublishers.ofString(command.body()))
                    .build();
            try {
                long waitUntil = System.nanoTime() + (command.afterPayment() && payments ? PAYMENT_WAIT.toNanos() : 0);
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                // 409 PAYMENT_NOT_CONFIRMED until payment-service has decided; nothing is written meanwhile
                while (status == 409 && System.nanoTime() < waitUntil) {
                    Thread.sleep(200);
                    status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                }
                if (status / 100 == 2) {
                    accepted++;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot send demo data to " + commandServiceUrl + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending demo data", e);
            }
        }
        return accepted;
    }
}
