package org.veil.terminal.scenario;

import java.util.List;

/** One step's line in the output and its test case in the report; differences are already masked. */
record StepResult(String name, Status status, long millis, List<String> differences) {
    enum Status { PASSED, FAILED, SKIPPED }

    static StepResult skipped(String name) {
        return new StepResult(name, Status.SKIPPED, 0, List.of());
    }
}
