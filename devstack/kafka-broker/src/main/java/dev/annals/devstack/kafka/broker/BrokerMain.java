package dev.annals.devstack.kafka.broker;

import kafka.Kafka;
import kafka.tools.StorageTool;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * Entry point of devstack's Kafka child JVM: formats the storage directory on first use, then runs a combined
 * broker + controller (KRaft) until the process is stopped. Doing both in one JVM saves a second JVM start.
 *
 * <p>Arguments: the {@code server.properties} file and the cluster id to format with.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain <server.properties> <cluster id>");
            System.exit(2);
        }
        String properties = args[0];
        String clusterId = args[1];
        // A data directory kept from an earlier run is reused as it is, with the cluster id it was formatted with
        // (formatting it again, even with --ignore-formatted, fails on the new id).
        if (!isFormatted(properties)) {
            int formatted = StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", properties}, System.out);
            if (formatted != 0) {
                System.err.println("formatting the Kafka storage failed with exit code " + formatted);
                System.exit(formatted);
            }
        }
        Kafka.main(new String[] {properties});
    }

    private static boolean isFormatted(String propertiesFile) {
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(propertiesFile))) {
            config.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + propertiesFile, e);
        }
        String logDirs = config.getProperty("log.dirs", config.getProperty("log.dir", ""));
        return Arrays.stream(logDirs.split(","))
                .map(String::strip)
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.exists(Path.of(dir, "meta.properties")));
    }
}
