package dev.annals.projection.testing;

import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.json.DomainJson;
import dev.annals.domain.bank.Account;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.BankAccountType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

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
        for (ConsumerRecord<String, byte[]> record : TopicReader.all(BankHistory.TOPIC)) {
            if (!wanted.contains(record.key())) {
                continue;
            }
            EventEnvelope envelope = CloudEventCodec.decode(TopicReader.headers(record), record.value());
            AccountEvent event = DomainJson.read(envelope.data(),
                    BankAccountType.TYPE.eventClass(envelope.eventType()).orElseThrow());
            Folded before = folded.getOrDefault(record.key(), new Folded(decider.initialState(), 0));
            folded.put(record.key(), new Folded(decider.evolve(before.state(), event), envelope.aggregateVersion()));
        }
        return folded;
    }
}
