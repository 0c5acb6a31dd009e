package dev.annals.devstack.auth;

import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The issuer's public key as an identity provider publishes it: a JSON Web Key Set over HTTP, on loopback. The
 * services fetch it over the network as they do from a real provider (mp.jwt.verify.publickey.location), so a
 * test can put the network between them — ManifestsBootTheSystemIT lets a service have it only where the
 * manifests' NetworkPolicies let its pods reach it.
 */
public final class JwksServer implements AutoCloseable {

    static final String PATH = "/protocol/openid-connect/certs";

    private final HttpServer server;

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    public static JwksServer start(TokenIssuer issuer) {
        byte[] body = keySet(issuer).getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext(PATH, exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new JwksServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the issuer's key set on loopback", e);
        }
    }

    /** Where the key set is: {@code http://127.0.0.1:<port>/protocol/openid-connect/certs}. */
    public URI location() {
        return URI.create("http://" + address() + ":" + port() + PATH);
    }

    public String address() {
        return server.getAddress().getAddress().getHostAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String keySet(TokenIssuer issuer) {
        try {
            String pem = Files.readString(issuer.publicKey());
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                    .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""))));
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            return new JsonWebKeySet(jwk).toJson();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the issuer's public key", e);
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("the issuer's public key is not an RSA key", e);
        }
    }
}
