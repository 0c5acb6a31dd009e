package dev.annals.devstack.kafka.broker;

import kafka.Kafka;
import kafka.tools.StorageTool;

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
        // --ignore-formatted: a data directory kept from an earlier run is reused as it is
        int formatted = StorageTool.execute(
                new String[] {"format", "--ignore-formatted", "--cluster-id", clusterId, "--config", properties},
                System.out);
        if (formatted != 0) {
            System.err.println("formatting the Kafka storage failed with exit code " + formatted);
            System.exit(formatted);
        }
        Kafka.main(new String[] {properties});
    }
}
