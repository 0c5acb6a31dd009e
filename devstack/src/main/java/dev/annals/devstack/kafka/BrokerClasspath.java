package dev.annals.devstack.kafka;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child broker JVM's classpath: the devstack-kafka-broker jar (its entry point) followed by the broker's
 * dependencies, whose paths Maven wrote into that jar at build time. They point into the local Maven repository
 * of the machine that built devstack, which is where devstack runs.
 */
final class BrokerClasspath {

    static final String RESOURCE = "dev/annals/devstack/kafka/broker/broker.classpath";

    private BrokerClasspath() {
    }

    static String resolve() {
        URL url = BrokerClasspath.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException(RESOURCE + " is not on the classpath; devstack needs the "
                    + "dev.annals:devstack-kafka-broker jar");
        }
        List<String> entries = new ArrayList<>();
        entries.add(locationOf(url).toString());
        try (InputStream in = url.openStream()) {
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split(File.pathSeparator)) {
                if (!Files.exists(Path.of(entry))) {
                    throw new IllegalStateException("the Kafka broker's dependency " + entry + " is missing; "
                            + "rebuild with ./mvnw install to fetch it again");
                }
                entries.add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The jar or classes directory a resource was found in. */
    private static Path locationOf(URL url) {
        String text = url.toString();
        try {
            if (text.startsWith("jar:")) {
                return Path.of(new URI(text.substring("jar:".length(), text.indexOf("!/"))));
            }
            if (text.startsWith("file:")) {
                return Path.of(new URI(text.substring(0, text.length() - RESOURCE.length())));
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot locate the broker jar from " + url, e);
        }
        throw new IllegalStateException("cannot locate the broker jar from " + url
                + "; expected a jar: or file: URL");
    }
}
