package org.veil.terminal.scenario;

import java.util.List;

/** What a step that ran to its end produced: its data for later steps and its differences (none = passed). */
record StepOutcome(StepData data, List<String> differences) {}
