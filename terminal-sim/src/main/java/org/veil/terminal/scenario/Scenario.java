package org.veil.terminal.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.veil.packagers.Dialect;

/** One checked scenario file: its steps run in order, the first failing one ends it. */
record Scenario(Path file, String name, String description, Dialect dialect, Map<String, Object> vars, List<ScenarioStep> steps) {
    /** A send step has pin or mac: the run then acts as a keyed terminal, which also takes the keys of a key change. */
    boolean usesKeys() {
        return steps.stream().anyMatch(s -> s instanceof ScenarioStep.Send send && send.security() != null);
    }
}
