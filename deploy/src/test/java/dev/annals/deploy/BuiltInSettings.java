package dev.annals.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The settings a service's image carries (its src/main/resources/application.properties), under what its
 * Deployment's ConfigMap adds: a service of the repository by its module, one generated from the archetype by the
 * archetype's template.
 */
final class BuiltInSettings {

    private static final Path REPOSITORY = RenderedOverlays.DEPLOY.getParent();
    private static final Path ARCHETYPE = REPOSITORY.resolve(
            "annals-archetype/src/main/resources/archetype-resources/src/main/resources/application.properties");

    private BuiltInSettings() {
    }

    static Properties of(String service) {
        Path module = REPOSITORY.resolve(service).resolve("src/main/resources/application.properties");
        Path file = Files.isRegularFile(module) ? module : ARCHETYPE;
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return properties;
    }
}
