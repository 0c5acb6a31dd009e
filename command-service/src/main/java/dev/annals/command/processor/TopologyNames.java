package dev.annals.command.processor;

/** Names of the processor topology's nodes for one aggregate type, so logs and descriptions say which type. */
final class TopologyNames {

    private TopologyNames() {
    }

    /** Where a type's command handler forwards to. */
    record Sinks(String events, String replies, String deadLetters) {
    }

    static String source(String type) {
        return type + "-commands";
    }

    static String handler(String type) {
        return type + "-decide";
    }

    static Sinks sinks(String type) {
        return new Sinks(type + "-events", type + "-replies", type + "-dead-letters");
    }
}
