package org.veil.terminal.scenario;

import java.util.List;

/** Runs one step of any kind and times it; a step that cannot run fails with one line saying why. */
final class StepRunner {
    private final IsoExchange iso;
    private final ControlApiCall http;
    private final long defaultTimeoutMs;

    StepRunner(IsoExchange iso, ControlApiCall http, long defaultTimeoutMs) {
        this.iso = iso;
        this.http = http;
        this.defaultTimeoutMs = defaultTimeoutMs;
    }

    StepResult run(ScenarioStep step, Variables vars) {
        long start = System.nanoTime();
        Variables.Scope scope = vars.forStep();
        long timeout = step.timeoutMs() != null ? step.timeoutMs() : defaultTimeoutMs;
        List<String> diffs;
        try {
            StepOutcome outcome = switch (step) {
                case ScenarioStep.Send s -> iso.run(s, vars, scope, timeout);
                case ScenarioStep.Http h -> http.run(h, scope, timeout);
                case ScenarioStep.Sleep s -> sleep(s.millis());
            };
            vars.record(step.id(), outcome.data());
            diffs = outcome.differences();
        } catch (StepFailure e) {
            diffs = List.of(e.getMessage());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> masked = diffs.stream().map(Secrets::scrub).toList();
        return new StepResult(step.name(), masked.isEmpty() ? StepResult.Status.PASSED : StepResult.Status.FAILED, millis, masked);
    }

    private static StepOutcome sleep(long millis) throws StepFailure {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while sleeping");
        }
        return new StepOutcome(new StepData.Nothing(), List.of());
    }
}
