package dev.annals.devstack.auth;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code Authorization} headers no service may accept, by name, for the tests of authentication: each one is
 * answered 401 and changes nothing. Empty stands for no header at all.
 */
public final class BadTokens {

    private BadTokens() {
    }

    /** Every way a token can be wrong, for a caller that would otherwise be allowed ({@code roles}). */
    public static Map<String, Optional<String>> corpus(TokenIssuer issuer, Set<String> roles) {
        Map<String, Optional<String>> corpus = new LinkedHashMap<>();
        corpus.put("no Authorization header", Optional.empty());
        corpus.put("garbage", Optional.of("Bearer not-a-jwt"));
        corpus.put("Basic instead of Bearer", Optional.of("Basic " + Base64.getEncoder()
                .encodeToString("ann:secret".getBytes(StandardCharsets.UTF_8))));
        corpus.put("signed by another key",
                Optional.of("Bearer " + TokenIssuer.sign(claims(issuer, roles), anotherKey())));
        corpus.put("expired", signed(issuer, roles, claims -> claims.setExpirationTime(
                NumericDate.fromSeconds(Instant.now().minusSeconds(600).getEpochSecond()))));
        corpus.put("not yet valid", signed(issuer, roles, claims -> claims.setNotBefore(
                NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()))));
        corpus.put("wrong issuer", signed(issuer, roles, claims -> claims.setIssuer("https://elsewhere.example")));
        corpus.put("wrong audience", signed(issuer, roles, claims -> claims.setAudience("another-api")));
        corpus.put("no subject", signed(issuer, roles, claims -> claims.unsetClaim("sub")));
        // a display name is not a subject: some providers let users change theirs, and one could become another
        corpus.put("no subject, but a upn and a preferred_username", signed(issuer, roles, claims -> {
            claims.unsetClaim("sub");
            claims.setClaim("upn", "ann");
            claims.setClaim("preferred_username", "ann");
        }));
        corpus.put("valid for a hundred years", signed(issuer, roles, claims -> claims.setExpirationTime(
                NumericDate.fromSeconds(Instant.now().plus(Duration.ofDays(36_525)).getEpochSecond()))));
        corpus.put("longer-lived than the services accept", signed(issuer, roles, claims -> claims.setExpirationTime(
                NumericDate.fromSeconds(Instant.now().plus(TokenIssuer.LONGEST_TOKEN).plusSeconds(3600)
                        .getEpochSecond()))));
        corpus.put("no issued-at time", signed(issuer, roles, claims -> claims.unsetClaim("iat")));
        corpus.put("issued a hundred years from now", signed(issuer, roles, claims -> {
            Instant issued = Instant.now().plus(Duration.ofDays(36_525));
            claims.setIssuedAt(NumericDate.fromSeconds(issued.getEpochSecond()));
            claims.setExpirationTime(NumericDate.fromSeconds(issued.plusSeconds(600).getEpochSecond()));
        }));
        corpus.put("alg none", Optional.of("Bearer " + unsigned(claims(issuer, roles))));
        corpus.put("64 KiB header", Optional.of("Bearer " + "a".repeat(64 * 1024)));
        return corpus;
    }

    private static JwtClaims claims(TokenIssuer issuer, Set<String> roles) {
        return issuer.claims("ann", roles, Duration.ofMinutes(5));
    }

    private static Optional<String> signed(TokenIssuer issuer, Set<String> roles, Consumer<JwtClaims> change) {
        JwtClaims claims = claims(issuer, roles);
        change.accept(claims);
        return Optional.of("Bearer " + TokenIssuer.sign(claims, issuer.signingKey()));
    }

    /** {@code alg: none}: a token anyone can write, with no signature. */
    private static String unsigned(JwtClaims claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static PrivateKey anotherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }
}
