package dev.annals.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;

/**
 * What SmallRye JWT leaves unchecked of a token's times. It bounds a token's lifetime as {@code exp - iat}
 * ({@code smallrye.jwt.time-to-live}), and takes {@code iat} as the token says it: one issued a hundred years from
 * now, and so expiring an hour after that, passes. Here a token must not be issued later than now (give or take the
 * clock skew), and must expire within the lifetime from now: a stolen token is good for that long at most, whatever
 * it says of itself.
 */
@Singleton
public class TokenTimes {

    private final long lifetimeSeconds;
    private final long skewSeconds;
    private final Clock clock;

    @Inject
    TokenTimes(@ConfigProperty(name = "smallrye.jwt.time-to-live", defaultValue = "3600") long lifetimeSeconds,
               @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") long skewSeconds) {
        this(lifetimeSeconds, skewSeconds, Clock.systemUTC());
    }

    TokenTimes(long lifetimeSeconds, long skewSeconds, Clock clock) {
        this.lifetimeSeconds = lifetimeSeconds;
        this.skewSeconds = skewSeconds;
        this.clock = clock;
    }

    /** Whether a token SmallRye JWT verified is also not from the future and expires within the lifetime. */
    public boolean acceptable(JsonWebToken token) {
        long now = clock.instant().getEpochSecond();
        return token.getIssuedAtTime() <= now + skewSeconds
                && token.getExpirationTime() <= now + lifetimeSeconds + skewSeconds;
    }
}
