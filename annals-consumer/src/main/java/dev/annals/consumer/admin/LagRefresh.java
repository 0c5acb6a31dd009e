package dev.annals.consumer.admin;

import dev.annals.consumer.runtime.Consumers;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Keeps the lag and dead-letter gauges current between scrapes (reading them costs a Kafka and a SQL call). */
@ApplicationScoped
public class LagRefresh {

    private static final Logger LOG = Logger.getLogger(LagRefresh.class);

    private final Consumers projections;

    LagRefresh(Consumers projections) {
        this.projections = projections;
    }

    @Scheduled(every = "${annals.consumer.lag-refresh:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            projections.status();
        } catch (RuntimeException e) {
            LOG.debugf("lag not refreshed: %s", e.getMessage());
        }
    }
}
