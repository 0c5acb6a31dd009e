package dev.annals.system;

import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import dev.annals.system.support.UnderLoad;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each fault injected while clients are writing, then the same invariants as without faults. During a fault a
 * client may get 503, 504 or no answer, and retries with its key; it must never get a wrong 2xx, and after
 * recovery everything converges.
 */
@Order(6)
@ExtendWith(SystemExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    @Test
    @Order(1)
    void aCommandServiceReplicaKilledAndRestarted(TheSystem system) {
        UnderLoad.run(system, "chaos-kill-command", load -> {
            system.killCommandReplica(0);
            load.progress(); // the other replica takes over the dead one's partitions
            system.startCommandReplica(0);
        });
    }

    @Test
    @Order(2)
    void theProjectionServiceKilledWhileApplyingBatchesAndRestarted(TheSystem system) {
        UnderLoad.run(system, "chaos-kill-projection", load -> {
            system.killProjections();
            load.progress(); // commands do not need the projections
            system.startProjections();
        });
    }

    @Test
    @Order(3)
    void theKafkaBrokerStoppedAndStarted(TheSystem system) {
        UnderLoad.run(system, "chaos-kafka", load -> {
            system.stopKafka();
            load.awaitTrouble(); // clients see 503/504 now, not a 2xx
            system.startKafka();
        });
    }

    @Test
    @Order(4)
    void postgresStoppedAndStarted(TheSystem system) {
        UnderLoad.run(system, "chaos-postgres", load -> {
            system.stopPostgres();
            load.progress(); // commands go on without the database; the projections wait
            system.startPostgres();
        });
    }
}
