package org.veil.terminal.scenario;

import java.io.PrintWriter;
import java.util.List;

/** The run's lines: one per step (PASS / FAIL with its differences / SKIP), then the summary. */
final class RunOutput {
    private final PrintWriter out;
    private final boolean quiet;

    RunOutput(PrintWriter out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    void step(Scenario scenario, StepResult r) {
        String title = scenario.name() + " / " + r.name();
        switch (r.status()) {
            case PASSED -> {
                if (!quiet) line("PASS  " + title + "  (" + r.millis() + " ms)");
            }
            case FAILED -> {
                line("FAIL  " + title + "  (" + r.millis() + " ms)");
                r.differences().forEach(d -> line("    " + d));
            }
            case SKIPPED -> {
                if (!quiet) line("SKIP  " + title);
            }
        }
        out.flush();
    }

    void summary(List<ScenarioResult> results) {
        line(summaryLine(results));
        out.flush();
    }

    static String summaryLine(List<ScenarioResult> results) {
        long steps = results.stream().mapToLong(r -> r.steps().size()).sum();
        long passed = results.stream().mapToLong(r -> r.count(StepResult.Status.PASSED)).sum();
        long failed = results.stream().mapToLong(r -> r.count(StepResult.Status.FAILED)).sum();
        long skipped = results.stream().mapToLong(r -> r.count(StepResult.Status.SKIPPED)).sum();
        return results.size() + " scenarios, " + steps + " steps: " + passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }

    private void line(String s) {
        out.println(Secrets.scrub(s));
    }
}
