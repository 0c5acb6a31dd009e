package dev.annals.devstack;

import dev.annals.devstack.postgres.PostgresBinaries;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevstackConfigTest {

    @Test
    void system_properties_override_the_defaults() {
        Properties properties = new Properties();
        properties.setProperty("annals.devstack.data-dir", "/var/tmp/annals");
        properties.setProperty("annals.devstack.kafka.port", "19092");
        properties.setProperty("annals.devstack.postgres.port", "15432");
        properties.setProperty("annals.devstack.postgres", "installed");
        properties.setProperty("annals.devstack.postgres.bin-dir", "/usr/lib/postgresql/17/bin");
        properties.setProperty("annals.devstack.kafka.heap", "1g");
        properties.setProperty("annals.devstack.kafka.config.num.partitions", "6");
        properties.setProperty("annals.devstack.start-timeout-seconds", "30");
        properties.setProperty("annals.devstack.kafka.nodes", "3");
        properties.setProperty("annals.devstack.kafka.scram", "false");
        properties.setProperty("annals.devstack.aggregate-types", " bank-account, loan ,");

        DevstackConfig config = DevstackConfig.fromProperties(properties, DevstackConfig.forDemo());

        assertThat(config).isEqualTo(new DevstackConfig(Optional.of(Path.of("/var/tmp/annals")), 19092, 0, 15432,
                PostgresBinaries.Source.INSTALLED, Optional.of(Path.of("/usr/lib/postgresql/17/bin")), "1g",
                Map.of("num.partitions", "6"), Duration.ofSeconds(30), 3, false, List.of("bank-account", "loan")));
    }

    @Test
    void without_properties_the_defaults_stay() {
        assertThat(DevstackConfig.fromProperties(new Properties(), DevstackConfig.forTests()))
                .isEqualTo(DevstackConfig.forTests());
        assertThat(DevstackConfig.forDemo().kafkaPort()).isEqualTo(9092);
        assertThat(DevstackConfig.forDemo().postgresPort()).isEqualTo(54320);
        assertThat(DevstackConfig.forDemo().kafkaScram()).as("the demo's services log in as their own users").isTrue();
    }

    @Test
    void malformed_values_are_named() {
        Properties properties = new Properties();
        properties.setProperty("annals.devstack.kafka.port", "ninety");
        assertThatThrownBy(() -> DevstackConfig.fromProperties(properties, DevstackConfig.forTests()))
                .hasMessage("annals.devstack.kafka.port must be a whole number, not ninety");

        Properties source = new Properties();
        source.setProperty("annals.devstack.postgres", "docker");
        assertThatThrownBy(() -> DevstackConfig.fromProperties(source, DevstackConfig.forTests()))
                .hasMessage("the PostgreSQL source is embedded or installed, not docker");

        Properties scram = new Properties();
        scram.setProperty("annals.devstack.kafka.scram", "yes");
        assertThatThrownBy(() -> DevstackConfig.fromProperties(scram, DevstackConfig.forTests()))
                .hasMessage("annals.devstack.kafka.scram must be true or false, not yes");
    }
}
