package dev.annals.devstack.testing;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.util.Set;

/**
 * Gives every REST Assured request of a test that sets no {@code Authorization} of its own a token of devstack's
 * issuer for {@value #SUBJECT}, who has every role the repository's rules name — every staff role, so the domains'
 * own rules let it act and read for anyone, except where a rule names one party alone (a cart's customer, the staff
 * of an order's own restaurant, {@code restaurant:<id>}): the tests of what an endpoint does are not tests of who
 * may call it. Those set their own header, or use another HTTP client.
 */
final class DefaultTestToken implements Filter {

    static final String SUBJECT = "annals-test";
    static final Set<String> ROLES = Set.of("customer", "teller", "admin", "payments", "support", "broker",
            "deliverer", "restaurant");

    private final String header;

    private DefaultTestToken(String header) {
        this.header = header;
    }

    /** Installs the filter unless REST Assured is not on the test's class path or has it already. */
    static void installIfRestAssured() {
        try {
            Class.forName("io.restassured.RestAssured", false, DefaultTestToken.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return;
        }
        install();
    }

    private static void install() {
        if (RestAssured.filters().stream().noneMatch(DefaultTestToken.class::isInstance)) {
            // the same token plain HTTP clients of the tests send (TestTokens), signed once
            RestAssured.filters(new DefaultTestToken(TestTokens.defaultBearer()));
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", header);
        }
        return context.next(request, response);
    }
}
