package dev.annals.security;

import org.eclipse.microprofile.config.Config;

import java.util.Arrays;
import java.util.List;

/**
 * Settings a service cannot run without and that have no default, because they are secrets (a database login, a
 * server secret) or a deployment's own (an identity provider): a start without them stops at once, naming them,
 * instead of failing later at the first request with a less helpful error.
 */
public final class RequiredSettings {

    private RequiredSettings() {
    }

    /** @throws IllegalStateException naming every key of {@code keys} that is unset or blank */
    public static void require(Config config, String purpose, String... keys) {
        List<String> missing = Arrays.stream(keys).filter(key -> isAbsent(config, key)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(purpose + " is not configured: set " + String.join(", ", missing)
                    + " (see docs/configuration.md; devstack passes its own)");
        }
    }

    static boolean isAbsent(Config config, String key) {
        return config.getOptionalValue(key, String.class).filter(value -> !value.isBlank()).isEmpty();
    }
}
