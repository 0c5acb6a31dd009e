package dev.annals.consumer.admin;

import dev.annals.consumer.runtime.Consumers;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.util.Optional;

/**
 * Down when a projection's consumer thread ended on an unexpected error (a live consumer or a rebuild's runner), or
 * the reactors' reply reader has not read its topic for longer than its grace: the service cannot heal that itself,
 * a restart (Kubernetes' liveness probe) can. Waiting for the database is alive.
 */
@Liveness
@ApplicationScoped
public class ConsumersLiveness implements HealthCheck {

    private final Consumers projections;

    ConsumersLiveness(Consumers projections) {
        this.projections = projections;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("projections");
        boolean up = true;
        for (String name : projections.names()) {
            response.withData(name, String.valueOf(projections.state(name).orElse(null)));
            up &= !projections.hasFailed(name);
        }
        Optional<String> replies = projections.replyReaderDown();
        if (replies.isPresent()) {
            response.withData("replies", replies.get());
            up = false;
        }
        return response.status(up).build();
    }
}
