package dev.annals.command.processor;

/**
 * The consumer services' reply topics ({@code annals.replies.<service>}) the processor knows to exist. A command
 * that names one is answered there; any other is answered on the shared {@code annals.command-replies}. The
 * processor never writes to a topic it has not seen: Kafka Streams would wait for its metadata (a minute), then
 * for the task's timeout, with the whole partition stalled behind one command.
 */
@FunctionalInterface
public interface ReplyTopics {

    /** Only the shared reply topic: what tests of the topology alone use. */
    ReplyTopics NONE = topic -> false;

    boolean exists(String topic);
}
