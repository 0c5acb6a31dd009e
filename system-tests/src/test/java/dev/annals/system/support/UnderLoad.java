package dev.annals.system.support;

import dev.annals.system.bank.BankAccounts;
import dev.annals.system.bank.BankInvariants;
import dev.annals.system.bank.BankLoad;
import dev.annals.system.bank.Ledger;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fault injected while clients are writing, then the bank's invariants. During a fault a client may get 503, 504
 * or no answer, and retries with its key; it must never get a wrong 2xx, and after recovery everything converges.
 */
public final class UnderLoad {

    private static final int ACCOUNTS = 8;
    private static final int CLIENTS = 6;
    /** A bound on each scenario's load, far above what it needs: the scenario stops it once it has recovered. */
    private static final long AT_MOST = 20_000;
    /** Commands accepted before a fault, and again after each step: proof the system was working then. */
    private static final long PROGRESS = 40;
    private static final Duration RECOVERY = Duration.ofSeconds(120);

    private UnderLoad() {
    }

    /** What a scenario does to the system while the load runs. */
    @FunctionalInterface
    public interface Fault {
        void inject(Watch load);
    }

    /** Waits on the running load: for accepted commands, or for clients to be turned away. */
    public record Watch(LongSupplier accepted, LongSupplier troubles) {

        public void progress() {
            long from = accepted.getAsLong();
            Awaitility.await(PROGRESS + " more accepted commands").atMost(RECOVERY)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> accepted.getAsLong() >= from + PROGRESS);
        }

        public void awaitTrouble() {
            long from = troubles.getAsLong();
            Awaitility.await("a 503, a 504 or an unanswered request").atMost(RECOVERY)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> troubles.getAsLong() > from);
        }
    }

    /** Runs the bank load, injects the fault once the load makes progress, and checks every invariant after. */
    public static void run(TheSystem system, String scenario, Fault fault) {
        Http http = system.http();
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
