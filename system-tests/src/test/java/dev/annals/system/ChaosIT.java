package dev.annals.system;

import dev.annals.system.bank.BankAccounts;
import dev.annals.system.bank.BankInvariants;
import dev.annals.system.bank.BankLoad;
import dev.annals.system.bank.Ledger;
import dev.annals.system.support.Http;
import dev.annals.system.support.Seeds;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fault injected while clients are writing, then the same invariants as without faults. During a fault a
 * client may get 503, 504 or no answer, and retries with its key; it must never get a wrong 2xx, and after
 * recovery everything converges.
 */
@Order(4)
@ExtendWith(SystemExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    private static final int ACCOUNTS = 8;
    private static final int CLIENTS = 6;
    /** A bound on each scenario's load, far above what it needs: the scenario stops it once it has recovered. */
    private static final long AT_MOST = 20_000;
    /** Commands accepted before a fault, and again after each step: proof the system was working then. */
    private static final long PROGRESS = 40;
    private static final Duration RECOVERY = Duration.ofSeconds(120);

    @Test
    @Order(1)
    void aCommandServiceReplicaKilledAndRestarted(TheSystem system) {
        underLoad(system, "chaos-kill-command", load -> {
            system.killCommandReplica(0);
            load.progress(); // the other replica takes over the dead one's partitions
            system.startCommandReplica(0);
        });
    }

    @Test
    @Order(2)
    void theProjectionServiceKilledWhileApplyingBatchesAndRestarted(TheSystem system) {
        underLoad(system, "chaos-kill-projection", load -> {
            system.killProjections();
            load.progress(); // commands do not need the projections
            system.startProjections();
        });
    }

    @Test
    @Order(3)
    void theKafkaBrokerStoppedAndStarted(TheSystem system) {
        underLoad(system, "chaos-kafka", load -> {
            system.stopKafka();
            load.awaitTrouble(); // clients see 503/504 now, not a 2xx
            system.startKafka();
        });
    }

    @Test
    @Order(4)
    void postgresStoppedAndStarted(TheSystem system) {
        underLoad(system, "chaos-postgres", load -> {
            system.stopPostgres();
            load.progress(); // commands go on without the database; the projections wait
            system.startPostgres();
        });
    }

    /** What a scenario does to the system while the load runs. */
    @FunctionalInterface
    private interface Fault {
        void inject(Watch load);
    }

    /** Waits on the running load: for accepted commands, or for clients to be turned away. */
    private record Watch(LongSupplier accepted, LongSupplier troubles) {

        void progress() {
            long from = accepted.getAsLong();
            Awaitility.await(PROGRESS + " more accepted commands").atMost(RECOVERY)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> accepted.getAsLong() >= from + PROGRESS);
        }

        void awaitTrouble() {
            long from = troubles.getAsLong();
            Awaitility.await("a 503, a 504 or an unanswered request").atMost(RECOVERY)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> troubles.getAsLong() > from);
        }
    }

    private static void underLoad(TheSystem system, String scenario, Fault fault) {
        Http http = new Http(system.summary());
        BankAccounts accounts = BankAccounts.of(scenario, ACCOUNTS);
        try (BankLoad load = BankLoad.start(http, system.commandUrls(), accounts, CLIENTS, AT_MOST,
                Seeds.seed(system.summary()))) {
            Watch watch = new Watch(load::accepted, load::troubles);
            watch.progress();
            fault.inject(watch);
            watch.progress(); // recovered: commands are accepted again after the fault is over
            Ledger ledger = load.stop();

            assertThat(load.commandsStarted()).as("commands started, within the bound").isLessThan(AT_MOST);
            long checks = new BankInvariants(system, http).check(accounts, ledger);
            system.summary().checked(checks);
            system.summary().line(scenario + ": " + ledger);
        }
    }
}
