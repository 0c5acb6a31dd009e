package dev.annals.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The services' settings as the manifests give them: each service's properties file in {@code deploy/} (the base's
 * {@code services/<service>.properties}, or its component's {@code components/<service>/<service>.properties}). What
 * a file does not set is the service's default, which for the settings the ACL file asks about (may it create its
 * topics?) is on.
 */
record ServiceSettings(Path deploy) {

    static ServiceSettings in(Path deploy) {
        return new ServiceSettings(deploy);
    }

    /** Whether {@code key}, a boolean setting, is on for {@code service} as the manifests run it. */
    boolean isOn(String service, String key) {
        for (Path file : List.of(deploy.resolve("base").resolve("services").resolve(service + ".properties"),
                deploy.resolve("components").resolve(service).resolve(service + ".properties"))) {
            if (Files.isRegularFile(file)) {
                Properties properties = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    properties.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
                return Boolean.parseBoolean(properties.getProperty(key, "true").strip());
            }
        }
        throw new IllegalStateException("no properties of " + service + " in " + deploy.toAbsolutePath()
                + ": the manifests run every service whose Kafka user they make");
    }
}
