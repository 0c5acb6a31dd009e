package dev.annals.devstack.testing;

import dev.annals.devstack.auth.TokenIssuer;

import java.time.Duration;
import java.util.Set;

/**
 * Tokens of the JVM's shared devstack issuer ({@link SharedInfrastructure}), which the services under test trust.
 */
public final class TestTokens {

    /** The subject of the caller REST Assured requests get by default, who has every role the rules name. */
    public static final String DEFAULT_CALLER = DefaultTestToken.SUBJECT;

    private static volatile String defaultBearer;

    private TestTokens() {
    }

    public static TokenIssuer issuer() {
        return SharedInfrastructure.endpoints().tokens();
    }

    /** {@code Bearer <token>} of the caller REST Assured requests get by default: every role the rules name. */
    public static String defaultBearer() {
        String bearer = defaultBearer;
        if (bearer == null) { // signed once: load loops send it thousands of times
            bearer = "Bearer " + issuer().token(DefaultTestToken.SUBJECT, DefaultTestToken.ROLES,
                    TokenIssuer.LONGEST_TOKEN);
            defaultBearer = bearer;
        }
        return bearer;
    }

    /** {@code Bearer <token>} for {@code subject} with {@code roles}, valid for an hour. */
    public static String bearer(String subject, Set<String> roles) {
        return "Bearer " + issuer().token(subject, roles, Duration.ofHours(1));
    }
}
