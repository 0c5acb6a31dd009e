package dev.annals.security;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;

/**
 * Stops the service at start when it could not verify tokens: SmallRye JWT would otherwise start and refuse
 * every request, or skip the issuer or audience check. The message names every missing key.
 */
@Startup(1) // before anything waits for Kafka or the database
@Singleton
public class AuthenticationSettings {

    static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";

    AuthenticationSettings(Config config) {
        List<String> missing = missing(config);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("authentication is not configured: set " + String.join(", ", missing)
                    + " (the identity provider's keys, a JWKS URL or a PEM file, its issuer and this API's "
                    + "audience; see docs/security.md)");
        }
    }

    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        if (RequiredSettings.isAbsent(config, PUBLIC_KEY_LOCATION) && RequiredSettings.isAbsent(config, PUBLIC_KEY)) {
            missing.add(PUBLIC_KEY_LOCATION + " (or " + PUBLIC_KEY + ")");
        }
        if (RequiredSettings.isAbsent(config, ISSUER)) {
            missing.add(ISSUER);
        }
        if (RequiredSettings.isAbsent(config, AUDIENCES)) {
            missing.add(AUDIENCES);
        }
        return missing;
    }
}
