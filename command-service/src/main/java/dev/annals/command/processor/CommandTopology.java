package dev.annals.command.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.AggregateType;
import dev.annals.core.topic.Topics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

import java.util.Collection;
import java.util.Map;

/**
 * The command processor's whole topology, one sub-topology per aggregate type:
 *
 * <pre>
 *   annals.&lt;type&gt;.commands ─▶ &lt;type&gt;-decide ─┬▶ annals.&lt;type&gt;.events
 *                                  │              ├▶ annals.command-replies, or the sender's annals.replies.&lt;service&gt;
 *                                  │              └▶ annals.dlq.command-processor
 *                                  ├ store &lt;type&gt;-aggregates      (snapshots by aggregate id)
 *                                  ├ store &lt;type&gt;-outcomes        (first answers by aggregate id and key)
 *                                  └ store &lt;type&gt;-outcome-expiry  (the same, by the time they were given)
 * </pre>
 *
 * The events topic is only written, never read: aggregates are restored from the stores' compacted changelogs.
 * The stores hold bytes the handler wrote: it measures every record before any is written.
 */
public final class CommandTopology {

    /** The consumer name of the processor's dead-letter topic. */
    public static final String DEAD_LETTER_CONSUMER = "command-processor";

    private CommandTopology() {
    }

    public static Topology build(Collection<? extends AggregateType<?, ?, ?>> types, StoreKind storeKind,
                                 ProcessorLimits limits, FailedWrites failedWrites, ObjectMapper json) {
        return build(types, storeKind, limits, failedWrites, json, ReplyTopics.NONE,
                OpenTelemetry.noop().getTracer(CommandTopology.class.getName()));
    }

    /**
     * @param replyTopics the consumer services' reply topics that exist, which commands may name
     * @param tracer      makes the span of each command and event
     */
    public static Topology build(Collection<? extends AggregateType<?, ?, ?>> types, StoreKind storeKind,
                                 ProcessorLimits limits, FailedWrites failedWrites, ObjectMapper json,
                                 ReplyTopics replyTopics, Tracer tracer) {
        Topology topology = new Topology();
        for (AggregateType<?, ?, ?> type : types) {
            add(topology, type, storeKind, limits, failedWrites, json, replyTopics, tracer);
        }
        return topology;
    }

    private static <C, E, S> void add(Topology topology, AggregateType<C, E, S> type, StoreKind storeKind,
                                      ProcessorLimits limits, FailedWrites failedWrites, ObjectMapper json,
                                      ReplyTopics replyTopics, Tracer tracer) {
        String name = type.name();
        String source = TopologyNames.source(name);
        String handler = TopologyNames.handler(name);
        TopologyNames.Sinks sinks = TopologyNames.sinks(name);
        topology.addSource(source, new StringDeserializer(), new ByteArrayDeserializer(), Topics.commands(name));
        topology.addProcessor(handler, () -> new CommandHandler<>(type, json, limits, failedWrites, sinks,
                replyTopics, tracer), source);
        // the changelogs are compacted by Kafka Streams; they are what the stores are rebuilt from. Caching folds
        // the writes of one commit interval to a hot aggregate into one changelog record.
        topology.addStateStore(Stores.keyValueStoreBuilder(storeSupplier(Topics.aggregateStore(name), storeKind),
                        Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(Map.of()).withCachingEnabled(),
                handler);
        topology.addStateStore(Stores.keyValueStoreBuilder(storeSupplier(Topics.outcomeStore(name), storeKind),
                        Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(Map.of()).withCachingEnabled(),
                handler);
        topology.addStateStore(Stores.keyValueStoreBuilder(storeSupplier(Topics.outcomeExpiryStore(name),
                        storeKind), Serdes.Bytes(), Serdes.ByteArray()).withLoggingEnabled(Map.of()),
                handler);
        topology.addSink(sinks.events(), Topics.events(name), new StringSerializer(), new ByteArraySerializer(),
                handler);
        // the handler names a consumer service's reply topic in a header only once it knows the topic exists
        topology.addSink(sinks.replies(), (key, value, record) -> CommandHandler.replyTopic(record.headers()),
                new StringSerializer(), new ByteArraySerializer(), handler);
        topology.addSink(sinks.deadLetters(), Topics.deadLetter(DEAD_LETTER_CONSUMER), new StringSerializer(),
                new ByteArraySerializer(), handler);
    }

    private static KeyValueBytesStoreSupplier storeSupplier(String store, StoreKind kind) {
        return kind == StoreKind.ROCKSDB ? Stores.persistentKeyValueStore(store) : Stores.inMemoryKeyValueStore(store);
    }
}
