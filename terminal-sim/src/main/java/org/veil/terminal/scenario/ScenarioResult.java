package org.veil.terminal.scenario;

import java.util.List;

/** A scenario's step results in order. */
record ScenarioResult(Scenario scenario, List<StepResult> steps) {
    long count(StepResult.Status status) {
        return steps.stream().filter(s -> s.status() == status).count();
    }

    long millis() {
        return steps.stream().mapToLong(StepResult::millis).sum();
    }

    boolean passed() {
        return count(StepResult.Status.FAILED) == 0;
    }
}
