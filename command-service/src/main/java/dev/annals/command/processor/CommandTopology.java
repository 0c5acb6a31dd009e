package dev.annals.command.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.AggregateType;
import dev.annals.core.topic.Topics;
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
 *   annals.&lt;type&gt;.commands ─▶ &lt;type&gt;-decide (+ store &lt;type&gt;-aggregates) ─┬▶ annals.&lt;type&gt;.events
 *                                                                     ├▶ annals.command-replies
 *                                                                     └▶ annals.dlq.command-processor
 * </pre>
 *
 * The events topic is only written, never read: aggregates are restored from the store's compacted changelog.
 */
public final class CommandTopology {

    /** The consumer name of the processor's dead-letter topic. */
    public static final String DEAD_LETTER_CONSUMER = "command-processor";

    private CommandTopology() {
    }

    public static Topology build(Collection<? extends AggregateType<?, ?, ?>> types, StoreKind storeKind,
                                 int rememberedOutcomes, ObjectMapper json) {
        Topology topology = new Topology();
        for (AggregateType<?, ?, ?> type : types) {
            add(topology, type, storeKind, rememberedOutcomes, json);
        }
        return topology;
    }

    private static <C, E, S> void add(Topology topology, AggregateType<C, E, S> type, StoreKind storeKind,
                                      int rememberedOutcomes, ObjectMapper json) {
        String name = type.name();
        String source = TopologyNames.source(name);
        String handler = TopologyNames.handler(name);
        TopologyNames.Sinks sinks = TopologyNames.sinks(name);
        topology.addSource(source, new StringDeserializer(), new ByteArrayDeserializer(), Topics.commands(name));
        topology.addProcessor(handler, () -> new CommandHandler<>(type, json, rememberedOutcomes, sinks), source);
        topology.addStateStore(Stores.keyValueStoreBuilder(storeSupplier(name, storeKind), Serdes.String(),
                                JsonSerde.of(AggregateSnapshot.class, json))
                        // the changelog is compacted by Kafka Streams; it is what aggregates are rebuilt from
                        .withLoggingEnabled(Map.of())
                        .withCachingEnabled(),
                handler);
        topology.addSink(sinks.events(), Topics.events(name), new StringSerializer(), new ByteArraySerializer(),
                handler);
        topology.addSink(sinks.replies(), Topics.COMMAND_REPLIES, new StringSerializer(), new ByteArraySerializer(),
                handler);
        topology.addSink(sinks.deadLetters(), Topics.deadLetter(DEAD_LETTER_CONSUMER), new StringSerializer(),
                new ByteArraySerializer(), handler);
    }

    private static KeyValueBytesStoreSupplier storeSupplier(String type, StoreKind kind) {
        String store = Topics.aggregateStore(type);
        return kind == StoreKind.ROCKSDB ? Stores.persistentKeyValueStore(store) : Stores.inMemoryKeyValueStore(store);
    }
}
