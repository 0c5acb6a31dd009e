package dev.annals.query.consistency;

import dev.annals.core.consistency.ConsistencyToken;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingTest {

    private static Waiting waitingFor(String token) {
        return new Waiting("bank-accounts", ConsistencyToken.parse(token).positions());
    }

    @Test
    void reachedOnlyWhenEveryPositionIsReached() {
        Waiting wait = waitingFor("bank-account:1:40,bank-account:3:7");
        wait.observe("bank-account", 1, 40);
        assertThat(wait.isReached()).isFalse();
        wait.observe("bank-account", 3, 6);
        assertThat(wait.isReached()).as("offset 6 is before 7").isFalse();
        wait.observe("bank-account", 3, 9);
        assertThat(wait.isReached()).isTrue();
    }

    @Test
    void checkpointsOfOtherPartitionsOrTypesDoNotCount() {
        Waiting wait = waitingFor("bank-account:2:5");
        wait.observe("bank-account", 1, 1000);
        wait.observe("cart", 2, 1000);
        assertThat(wait.isReached()).isFalse();
        wait.observe(List.of(new PartitionReached("bank-account", 2, 5)));
        assertThat(wait.isReached()).isTrue();
    }

    @Test
    void aPartitionNeverReadIsNotReached() {
        Waiting wait = waitingFor("bank-account:0:0");
        wait.observe(List.of(new PartitionReached("bank-account", 0, -1)));
        assertThat(wait.isReached()).isFalse();
        wait.observe("bank-account", 0, 0);
        assertThat(wait.isReached()).isTrue();
    }

    @Test
    void theWaitCompletesWhenReached() {
        Waiting wait = waitingFor("bank-account:0:3");
        List<String> completed = new ArrayList<>();
        wait.reached().subscribe().with(ignored -> completed.add("reached"));
        assertThat(completed).isEmpty();
        wait.observe("bank-account", 0, 3);
        assertThat(completed).containsExactly("reached");
    }
}
