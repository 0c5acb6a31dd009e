package dev.annals.command.gateway;

import dev.annals.core.AggregateType;
import dev.annals.core.Caller;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.UUID;

/**
 * Names the aggregates that clients ask the server to name ({@code POST /api/{type}/{command}}). Without an
 * {@code Idempotency-Key} the id is random. With one it is derived, so that a retry reaches the same aggregate and
 * gets the first answer instead of creating a second aggregate; derived from the type, the caller and the key
 * under the server's secret ({@code annals.gateway.id-secret}, HMAC-SHA256), so that another caller using the same
 * key gets another aggregate, and nobody without the secret can predict an id and create that aggregate first.
 */
@Startup(1) // a secret too short stops the start, not the first creation (and before Kafka is waited for)
@Singleton
public class ServerNamedIds {

    static final int MIN_SECRET_LENGTH = 32;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec secret;

    ServerNamedIds(GatewayConfig config) {
        if (config.idSecret().length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("annals.gateway.id-secret is " + config.idSecret().length()
                    + " characters; it needs at least " + MIN_SECRET_LENGTH + " (a random value, e.g. "
                    + "openssl rand -base64 48)");
        }
        this.secret = new SecretKeySpec(config.idSecret().getBytes(StandardCharsets.UTF_8), HMAC);
    }

    public String newId(AggregateType<?, ?, ?> type, Caller caller, Optional<String> idempotencyKey) {
        return idempotencyKey.map(key -> derived(type.name(), caller.subject(), key))
                .orElseGet(UUID::randomUUID).toString();
    }

    /** The first 128 bits of the MAC, as an RFC 9562 version 8 (custom) UUID. */
    private UUID derived(String type, String subject, String key) {
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance(HMAC);
            hmac.init(secret);
            // lengths first, so that no two different (type, subject, key) triples read as the same bytes
            for (String part : new String[]{type, subject, key}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                hmac.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                hmac.update(bytes);
            }
            mac = hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        mac[6] = (byte) ((mac[6] & 0x0f) | 0x80); // version 8
        mac[8] = (byte) ((mac[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(mac, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }
}
