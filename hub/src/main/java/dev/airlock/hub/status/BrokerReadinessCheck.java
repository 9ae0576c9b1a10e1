package dev.airlock.hub.status;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once status events are consumed. Tasks are still accepted without it: the outbox keeps them. */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements HealthCheck {

    private final StatusIntake intake;

    BrokerReadinessCheck(StatusIntake intake) {
        this.intake = intake;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("status-intake").status(intake.isReady()).build();
    }
}
