package dev.annals.consumer.runtime.reactor;

import dev.annals.consumer.runtime.loop.BatchEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightTest {

    private static final TopicPartition PARTITION = new TopicPartition("annals.tally.events", 0);

    private static BatchEntry at(long offset) {
        return new BatchEntry(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, "t-1",
                new byte[0]), null, null, null, null, null);
    }

    @Test
    void a_checkpoint_stops_at_the_first_event_still_waiting_whatever_order_reactions_end_in() {
        InFlight inFlight = new InFlight();
        BatchEntry first = at(10);
        BatchEntry second = at(11);
        inFlight.add(List.of(first, second));
        inFlight.polled(Map.of(PARTITION, 12L));
        inFlight.finished(List.of(second));
        assertThat(inFlight.take().positions()).containsEntry(PARTITION, 10L);
        assertThat(inFlight.size()).as("the finished one still counts, held behind the first").isEqualTo(2);
        inFlight.finished(List.of(first));
        InFlight.Passed passed = inFlight.take();
        assertThat(passed.positions()).containsEntry(PARTITION, 12L);
        assertThat(passed.entries()).containsExactly(first, second);
        assertThat(inFlight.size()).isZero();
    }

    /**
     * A partition revoked and given back: its events are read again, and the old reaction of an event ending
     * later does not take the new one's place — it stays pending for its own reaction, and the checkpoint with it.
     * (Keyed by offset alone, the old one finished the new one; its chain then skipped the aggregate's later
     * events, which stayed pending for ever.)
     */
    @Test
    void an_event_read_again_after_a_rebalance_is_finished_by_its_own_reaction_only() {
        InFlight inFlight = new InFlight();
        BatchEntry before = at(10);
        inFlight.add(List.of(before));
        inFlight.forget(List.of(PARTITION));
        BatchEntry again = at(10);
        inFlight.add(List.of(again));
        inFlight.polled(Map.of(PARTITION, 11L));

        inFlight.finished(List.of(before));
        assertThat(inFlight.isCurrent(again)).isTrue();
        assertThat(inFlight.isCurrent(before)).isFalse();
        assertThat(inFlight.take().positions()).containsEntry(PARTITION, 10L);

        inFlight.finished(List.of(again));
        assertThat(inFlight.take().positions()).containsEntry(PARTITION, 11L);
        assertThat(inFlight.size()).isZero();
    }
}
