package dev.annals.query.health;

import dev.annals.query.consistency.CheckpointListener;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while checkpoint notices arrive: without them a read with a consistency token would wait until its
 * timeout, and live streams would stall. (The database's own readiness check comes with the reactive client.)
 */
@Readiness
public class CheckpointListenerReadiness implements HealthCheck {

    private final CheckpointListener listener;

    CheckpointListenerReadiness(CheckpointListener listener) {
        this.listener = listener;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("checkpoint-listener").status(listener.listening()).build();
    }
}
