package dev.annals.command.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The REST gateway in front of the command processor. */
@ConfigMapping(prefix = "annals.gateway")
public interface GatewayConfig {

    /** How long a request waits for the processor's reply before answering 504. */
    @WithDefault("10s")
    Duration replyTimeout();

    /**
     * How long producing a command to Kafka may take before the request answers 503: covers both waiting for
     * the broker's metadata and the delivery itself.
     */
    @WithDefault("5s")
    Duration sendTimeout();

    /** Largest accepted command body; larger ones get 413. */
    @WithDefault("64K")
    MemorySize maxBodySize();

    /**
     * Where clients read an aggregate ({@code http://query.example.com}): the prefix of the {@code Location} of a
     * server-named aggregate. Unset, the location is the path alone, for an ingress that routes reads and
     * writes of {@code /api} to their services.
     */
    Optional<String> readBaseUrl();

    /**
     * The server's secret for naming aggregates: the id of an aggregate created through {@code POST
     * /api/{type}/{command}} with an {@code Idempotency-Key} is an HMAC of the type, the caller and the key under
     * it, so a retry reaches the same aggregate while nobody else can predict the id or take it first. At least
     * 32 characters, the same on every instance, and never in a default configuration file: set it from a secret
     * ({@code ANNALS_GATEWAY_ID_SECRET}). Changing it changes the ids of later retries of commands already sent.
     */
    String idSecret();

    /** The {@code Retry-After} a 503 suggests. */
    @WithDefault("2s")
    Duration retryAfter();
}
