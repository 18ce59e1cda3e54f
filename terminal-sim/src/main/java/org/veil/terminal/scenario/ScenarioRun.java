package org.veil.terminal.scenario;

import java.util.ArrayList;
import java.util.List;

/** Runs scenarios one after the other, each on its own connections; steps in order, the first failure skips the rest. */
final class ScenarioRun {
    private final RunSettings settings;
    private final RunOutput output;
    private final RunIdentity identity = new RunIdentity();
    private final SwitchReach reach = new SwitchReach();
    private final ControlApiCall http;
    private final RunKeys keys;

    ScenarioRun(RunSettings settings, RunOutput output) {
        this.settings = settings;
        this.output = output;
        this.http = new ControlApiCall(settings);
        this.keys = new RunKeys(settings);
    }

    List<ScenarioResult> runAll(List<Scenario> scenarios) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario s : scenarios) results.add(run(s));
        output.summary(results);
        return results;
    }

    /** True when a send step failed to connect and no connection to the switch ever succeeded. */
    boolean switchNeverReached() {
        return reach.neverReached();
    }

    ScenarioResult run(Scenario scenario) {
        List<StepResult> results = new ArrayList<>();
        try (IsoLinks links = new IsoLinks(settings, reach)) {
            StepRunner runner = new StepRunner(new IsoExchange(links, scenario.usesKeys() ? keys : null), http, settings.timeoutMs());
            Variables vars = null;
            String varsProblem = null;
            try {
                vars = Variables.of(identity, scenario.vars(), settings.vars());
            } catch (StepFailure e) {
                varsProblem = Secrets.scrub("vars: " + e.getMessage());
            }
            boolean failed = false;
            for (ScenarioStep step : scenario.steps()) {
                StepResult r;
                if (failed) r = StepResult.skipped(step.name());
                else if (varsProblem != null) r = new StepResult(step.name(), StepResult.Status.FAILED, 0, List.of(varsProblem));
                else r = runner.run(step, vars);
                failed |= r.status() == StepResult.Status.FAILED;
                results.add(r);
                output.step(scenario, r);
            }
        }
        return new ScenarioResult(scenario, List.copyOf(results));
    }
}
