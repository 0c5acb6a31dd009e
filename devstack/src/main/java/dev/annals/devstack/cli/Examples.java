package dev.annals.devstack.cli;

import dev.annals.devstack.Endpoints;

import java.io.PrintStream;

/** The copy-paste examples {@code devstack up} prints under each service, one or two per example domain. */
final class Examples {

    private static final String INDENT = String.format("  %-19s ", "");
    private static final String JSON = " -H 'Content-Type: application/json' -d ";
    /** Most examples call as ann, the customer whose token {@code devstack up} printed as TOKEN. */
    private static final String AUTH = auth("TOKEN");

    private Examples() {
    }

    /** @param queryUrl where the examples read what they wrote, with the write's consistency token */
    static void commands(PrintStream out, String url, String queryUrl) {
        out.println(INDENT + "try: curl -i -X POST " + url + "/api/bank-account/demo-ann/deposit" + AUTH + JSON
                + "'{\"amount\":100}'");
        out.println(INDENT + "     curl -i -X POST " + url + "/api/cart/create" + AUTH + JSON + "'{\"customerId\":\"ann\"}'");
        out.println(INDENT + "     curl -i -X POST " + url + "/api/cart/demo-cart/add-item" + AUTH + JSON
                + "'{\"sku\":\"fig\",\"quantity\":2,\"unitPrice\":30}'");
        out.println(INDENT + "     curl -i -X POST " + url + "/api/food-order/demo-order/start-delivery"
                + auth("DELIVERER_TOKEN") + JSON + "'{\"delivererId\":\"dave\"}'   # dave, a deliverer");
        out.println(INDENT + "     token=$(curl -si -X POST " + url + "/buy/ann/106" + AUTH
                + " | grep -i '^annals-consistency-token:' | cut -d' ' -f2 | tr -d '\\r')");
        out.println(INDENT + "     curl " + queryUrl + "/orderbook" + AUTH + " -H \"Annals-Consistency-Token: $token\"");
    }

    static void projections(PrintStream out, String url, Endpoints endpoints) {
        out.println(INDENT + "projections: curl " + url + "/admin/consumers -H \"Authorization: Bearer $ADMIN_TOKEN\"");
        // the password in the URI, so that the line works as pasted (the demo's read-only role; never elsewhere)
        out.printf("%sread models: psql 'postgresql://%s:%s@%s:%d/%s' -c 'select * from bank_accounts.accounts'%n",
                INDENT, endpoints.reader().username(), endpoints.reader().password(), endpoints.postgresHost(),
                endpoints.postgresPort(), endpoints.database());
    }

    /**
     * A payment taken by payment-service on its own: create an order, initiate its payment, and its status shows
     * it paid (a card ending 0002 is declined, 0341 approved late: paid once asked again, 0119 never answered:
     * failed once asked again enough, and the charge cancelled).
     */
    static void payments(PrintStream out, String managementUrl, String commandUrl, String queryUrl) {
        out.println(INDENT + "pay: id=$(curl -si -X POST " + commandUrl + "/api/food-order/create" + AUTH + JSON
                + "'{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":1}}'"
                + " | grep -i '^location:' | sed 's|.*/||' | tr -d '\\r')");
        out.println(INDENT + "     curl -X POST " + commandUrl + "/api/food-order/$id/initiate-payment" + AUTH + JSON
                + "'{\"paymentData\":\"card ending 4242\"}'   # 0002: declined, 0341: late, 0119: no answer");
        out.println(INDENT + "     curl " + queryUrl + "/api/delivery/orders/$id/status" + AUTH
                + "   # payment: pending, then paid or failed, by itself");
        out.println(INDENT + "reactors: curl " + managementUrl + "/admin/consumers/payments"
                + " -H \"Authorization: Bearer $ADMIN_TOKEN\"");
    }

    static void queries(PrintStream out, String url) {
        out.println(INDENT + "try: curl " + url + "/api/bank/accounts/demo-ann" + AUTH);
        out.println(INDENT + "     curl " + url + "/api/bank-account/demo-ann/events" + AUTH);
        out.println(INDENT + "     curl " + url + "/api/carts/demo-cart" + AUTH);
        out.println(INDENT + "     curl " + url + "/api/delivery/orders/demo-order/status" + AUTH);
        out.println(INDENT + "     curl " + url + "/api/delivery/users/ann/orders" + AUTH);
        out.println(INDENT + "     curl " + url + "/orderbook" + AUTH);
        out.println(INDENT + "     curl -N " + url + "/api/bank-account/events/stream" + auth("TELLER_TOKEN")
                + "   # every account's events, a teller's to watch; live, Ctrl-C ends it");
    }

    /** The header of a request as the demo caller whose token {@code devstack up} printed as {@code variable}. */
    private static String auth(String variable) {
        return " -H \"Authorization: Bearer $" + variable + "\"";
    }
}
