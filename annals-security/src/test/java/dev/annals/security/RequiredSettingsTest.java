package dev.annals.security;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A start without a secret or an identity provider stops at once, naming every missing key. */
class RequiredSettingsTest {

    @Test
    void every_missing_or_blank_key_is_named() {
        SmallRyeConfig config = config(Map.of("quarkus.datasource.username", "annals_query",
                "quarkus.datasource.password", " "));

        assertThatThrownBy(() -> RequiredSettings.require(config, "the database login",
                "quarkus.datasource.username", "quarkus.datasource.password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the database login is not configured: set quarkus.datasource.password");
        RequiredSettings.require(config, "the database login", "quarkus.datasource.username");
    }

    @Test
    void authentication_needs_a_key_an_issuer_and_an_audience() {
        assertThat(AuthenticationSettings.missing(config(Map.of()))).containsExactly(
                "mp.jwt.verify.publickey.location (or mp.jwt.verify.publickey)", "mp.jwt.verify.issuer",
                "mp.jwt.verify.audiences");
        assertThat(AuthenticationSettings.missing(config(Map.of("mp.jwt.verify.publickey", "MIIB…",
                "mp.jwt.verify.issuer", "https://idp.example.com", "mp.jwt.verify.audiences", "annals")))).isEmpty();
        assertThatThrownBy(() -> new AuthenticationSettings(config(Map.of("mp.jwt.verify.issuer", "x"))))
                .hasMessageContaining("authentication is not configured: set mp.jwt.verify.publickey.location")
                .hasMessageContaining("mp.jwt.verify.audiences");
    }

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withDefaultValues(values).build();
    }
}
