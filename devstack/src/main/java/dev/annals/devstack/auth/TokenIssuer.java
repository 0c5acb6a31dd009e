package dev.annals.devstack.auth;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * devstack's own identity provider, for the demo and the tests: an RSA key made at start, whose public half the
 * services are told to trust ({@code mp.jwt.verify.*}), and signed tokens for whoever asks; and the secret
 * command-service names aggregates with. A real deployment points the services at its identity provider and
 * passes its own secret instead (docs/security.md).
 *
 * @param issuer    the {@code iss} of every token, and what the services require
 * @param audience  the {@code aud} of every token, and what the services require
 * @param directory where {@value #PUBLIC_KEY} and {@value #SIGNING_KEY} (readable by its owner only) are
 */
public record TokenIssuer(String issuer, String audience, Path directory) {

    public static final String ISSUER = "https://devstack.annals.dev";
    public static final String AUDIENCE = "annals";
    static final String PUBLIC_KEY = "public-key.pem";
    static final String SIGNING_KEY = "signing-key.pem";
    static final String SERVER_SECRET = "server-secret";
    /**
     * The longest token this issuer mints (the demo's and the test JVMs'), and so the longest the services it
     * configures accept ({@code smallrye.jwt.time-to-live}); a deployment's services accept an hour by default.
     */
    public static final Duration LONGEST_TOKEN = Duration.ofHours(12);

    /**
     * One of the demo's callers: who, with which roles, and the shell variable the demo prints its token as.
     *
     * @param roles in the order the banner prints them
     */
    public record DemoCaller(String subject, List<String> roles, String variable) {

        /** A token for this caller from {@code issuer}, valid for {@code lifetime}. */
        public String token(TokenIssuer issuer, Duration lifetime) {
            return issuer.token(subject, Set.copyOf(roles), lifetime);
        }
    }

    /**
     * The demo's callers, one for every role the example domains' rules name (docs/security.md): a customer, a
     * teller, an administrator, the staff of the pizzeria, a deliverer, customer support and a broker.
     */
    public static final List<DemoCaller> DEMO_CALLERS = List.of(
            new DemoCaller("ann", List.of("customer"), "TOKEN"),
            new DemoCaller("tess", List.of("teller"), "TELLER_TOKEN"),
            new DemoCaller("root", List.of("admin"), "ADMIN_TOKEN"),
            new DemoCaller("rita", List.of("restaurant", "restaurant:pizzeria"), "RESTAURANT_TOKEN"),
            new DemoCaller("dave", List.of("deliverer"), "DELIVERER_TOKEN"),
            new DemoCaller("sam", List.of("support"), "SUPPORT_TOKEN"),
            new DemoCaller("bea", List.of("broker"), "BROKER_TOKEN"));

    /** The demo caller of this subject. */
    public static DemoCaller demoCaller(String subject) {
        return DEMO_CALLERS.stream().filter(caller -> caller.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo caller " + subject));
    }

    /** A new key in {@code directory} (replacing one there): every token of an earlier one stops verifying. */
    public static TokenIssuer create(Path directory) {
        try {
            Files.createDirectories(directory);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Path signing = directory.resolve(SIGNING_KEY);
            Files.deleteIfExists(signing);
            Files.createFile(signing, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(signing, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            Files.writeString(directory.resolve(PUBLIC_KEY), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
            Path secret = directory.resolve(SERVER_SECRET);
            if (!Files.exists(secret)) { // kept with the data: server-named ids stay the same across restarts
                byte[] random = new byte[48];
                new SecureRandom().nextBytes(random);
                Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(secret, Base64.getEncoder().encodeToString(random));
            }
            return new TokenIssuer(ISSUER, AUDIENCE, directory.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write devstack's token keys to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    /** A directory for the keys of a devstack that keeps nothing: removed when the JVM exits. */
    public static Path temporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("annals-tokens-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(directory)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                    Files.deleteIfExists(directory);
                } catch (IOException ignored) {
                    // in the temporary directory: the OS cleans it eventually
                }
            }, "annals-tokens-cleanup"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for devstack's token keys", e);
        }
    }

    /** The public key, as PEM: what a service verifies tokens with. */
    public Path publicKey() {
        return directory.resolve(PUBLIC_KEY);
    }

    /** The secret command-service names aggregates with ({@code annals.gateway.id-secret}). */
    public String serverSecret() {
        try {
            return Files.readString(directory.resolve(SERVER_SECRET)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read devstack's server secret in " + directory, e);
        }
    }

    /** What a service needs to trust this issuer's tokens. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mp.jwt.verify.publickey.location", publicKey().toUri().toString());
        config.put("mp.jwt.verify.issuer", issuer);
        config.put("mp.jwt.verify.audiences", audience);
        config.put("smallrye.jwt.time-to-live", Long.toString(LONGEST_TOKEN.toSeconds()));
        return config;
    }

    /** A token for {@code subject} with {@code roles}, valid from now for {@code lifetime}. */
    public String token(String subject, Set<String> roles, Duration lifetime) {
        JwtClaims claims = claims(subject, roles, lifetime);
        return sign(claims, signingKey());
    }

    /** The claims {@link #token} signs, for a test that changes one before signing ({@link #sign}). */
    public JwtClaims claims(String subject, Set<String> roles, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        Instant now = Instant.now();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(subject);
        claims.setStringListClaim("groups", List.copyOf(roles));
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    /** {@code claims} signed RS256 with {@code key}: this issuer's ({@link #signingKey()}) or another. */
    public static String sign(JwtClaims claims, PrivateKey key) {
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(key);
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return signature.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    public PrivateKey signingKey() {
        try {
            String pem = Files.readString(directory.resolve(SIGNING_KEY));
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read devstack's signing key in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("devstack's signing key in " + directory + " is not an RSA key", e);
        }
    }

    private static String pem(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }
}
