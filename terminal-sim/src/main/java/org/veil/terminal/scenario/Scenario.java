package org.veil.terminal.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.veil.packagers.Dialect;

/** One checked scenario file: its steps run in order, the first failing one ends it. */
record Scenario(Path file, String name, String description, Dialect dialect, Map<String, Object> vars, List<ScenarioStep> steps) {}
