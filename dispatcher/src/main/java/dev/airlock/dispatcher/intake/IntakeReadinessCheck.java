package dev.airlock.dispatcher.intake;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the dispatcher has a channel to the broker and its topology declared. */
@Readiness
@ApplicationScoped
public class IntakeReadinessCheck implements HealthCheck {

    private final TaskIntake intake;

    IntakeReadinessCheck(TaskIntake intake) {
        this.intake = intake;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("task-intake").status(intake.isReady()).build();
    }
}
