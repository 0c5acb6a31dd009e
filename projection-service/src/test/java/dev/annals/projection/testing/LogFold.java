package dev.annals.projection.testing;

import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.json.DomainJson;
import dev.annals.domain.bank.Account;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.BankAccountType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** The expected read model: the bank accounts folded from the events topic itself, read to its end. */
public final class LogFold {

    /** Account id to its state and version, for the ids asked (readable events only). */
    public record Folded(Account state, long version) {
    }

    private LogFold() {
    }

    public static Map<String, Folded> accounts(Collection<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        Map<String, Folded> folded = new HashMap<>();
        var decider = BankAccountType.TYPE.decider();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BankHistory.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, BankHistory.PARTITIONS)
                    .mapToObj(p -> new TopicPartition(BankHistory.TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!wanted.contains(record.key())) {
                        continue;
                    }
                    Map<String, byte[]> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), header.value());
                    }
                    EventEnvelope envelope = CloudEventCodec.decode(headers, record.value());
                    AccountEvent event = DomainJson.read(envelope.data(),
                            BankAccountType.TYPE.eventClass(envelope.eventType()).orElseThrow());
                    Folded before = folded.getOrDefault(record.key(), new Folded(decider.initialState(), 0));
                    folded.put(record.key(), new Folded(decider.evolve(before.state(), event),
                            envelope.aggregateVersion()));
                }
            }
        }
        return folded;
    }
}
