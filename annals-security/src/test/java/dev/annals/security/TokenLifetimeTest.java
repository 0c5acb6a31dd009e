package dev.annals.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token lifetime and clock skew every service gets by default (annals-security's
 * {@code microprofile-config.properties}), applied by SmallRye JWT's own parser: a token valid for an hour passes, one
 * valid for longer — a hundred years — or without an issued-at time does not, and a clock off by more than the skew
 * is not forgiven.
 */
class TokenLifetimeTest {

    private static final String ISSUER = "https://issuer.example";
    private static final KeyPair KEYS = keys();

    @Test
    void the_defaults_are_an_hour_and_thirty_seconds() {
        assertThat(defaults().getProperty("smallrye.jwt.time-to-live")).isEqualTo("3600");
        assertThat(defaults().getProperty("mp.jwt.verify.clock.skew")).isEqualTo("30");
    }

    @Test
    void a_token_valid_for_an_hour_is_accepted() throws ParseException {
        JsonWebToken token = parser().parse(sign(claims(Instant.now(), Duration.ofHours(1))));

        assertThat(token.getSubject()).isEqualTo("ann");
    }

    @Test
    void a_token_valid_for_longer_is_refused() {
        assertThatThrownBy(() -> parser().parse(sign(claims(Instant.now(), Duration.ofHours(1).plusMinutes(1)))))
                .isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parser().parse(sign(claims(Instant.now(), Duration.ofDays(36_525)))))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void a_token_issued_in_the_future_passes_smallrye_but_not_annals() throws ParseException {
        TokenTimes times = new TokenTimes(3600, 30, Clock.systemUTC());
        Instant inAHundredYears = Instant.now().plus(Duration.ofDays(36_525));

        JsonWebToken future = parser().parse(sign(claims(inAHundredYears, Duration.ofHours(1))));
        JsonWebToken aMinuteAhead = parser().parse(sign(claims(Instant.now().plusSeconds(60), Duration.ofHours(1))));
        JsonWebToken now = parser().parse(sign(claims(Instant.now(), Duration.ofHours(1))));
        JsonWebToken withinSkew = parser().parse(sign(claims(Instant.now().plusSeconds(20), Duration.ofMinutes(30))));

        assertThat(times.acceptable(future)).as("issued a hundred years from now").isFalse();
        assertThat(times.acceptable(aMinuteAhead)).as("issued a minute from now").isFalse();
        assertThat(times.acceptable(now)).isTrue();
        assertThat(times.acceptable(withinSkew)).isTrue();
    }

    @Test
    void a_token_without_an_issued_at_time_is_refused() {
        JwtClaims claims = claims(Instant.now(), Duration.ofMinutes(5));
        claims.unsetClaim("iat");

        assertThatThrownBy(() -> parser().parse(sign(claims))).isInstanceOf(ParseException.class);
    }

    @Test
    void a_clock_off_by_more_than_the_skew_is_not_forgiven() throws ParseException {
        Instant expiredWithinSkew = Instant.now().minus(Duration.ofMinutes(5)).minusSeconds(20);
        parser().parse(sign(claims(expiredWithinSkew, Duration.ofMinutes(5))));

        Instant expiredPastSkew = Instant.now().minus(Duration.ofMinutes(5)).minusSeconds(45);
        assertThatThrownBy(() -> parser().parse(sign(claims(expiredPastSkew, Duration.ofMinutes(5)))))
                .isInstanceOf(ParseException.class);
    }

    /** SmallRye JWT's parser, with the issuer and key of this test and the lifetime and skew annals-security ships. */
    private static DefaultJWTParser parser() {
        JWTAuthContextInfo context = new JWTAuthContextInfo(KEYS.getPublic(), ISSUER);
        context.setMaxTimeToLiveSecs(Long.valueOf(defaults().getProperty("smallrye.jwt.time-to-live")));
        context.setClockSkew(Integer.parseInt(defaults().getProperty("mp.jwt.verify.clock.skew")));
        return new DefaultJWTParser(context);
    }

    private static JwtClaims claims(Instant issuedAt, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("ann");
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(issuedAt.plus(lifetime).getEpochSecond()));
        return claims;
    }

    private static String sign(JwtClaims claims) {
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(KEYS.getPrivate());
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return signature.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties defaults() {
        Properties properties = new Properties();
        try (InputStream in = TokenLifetimeTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
