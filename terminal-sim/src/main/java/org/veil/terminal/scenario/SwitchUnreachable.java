package org.veil.terminal.scenario;

/** A send step could not connect to the switch's port: exit 3 when no connection ever succeeded. */
final class SwitchUnreachable extends StepFailure {
    SwitchUnreachable(String oneLine) {
        super(oneLine);
    }
}
