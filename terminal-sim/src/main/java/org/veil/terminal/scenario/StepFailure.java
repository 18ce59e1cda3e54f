package org.veil.terminal.scenario;

/** Why a step failed, as one line the run prints under its FAIL line (an unknown variable, no connection...). */
class StepFailure extends Exception {
    StepFailure(String oneLine) {
        super(oneLine, null, false, false);
    }
}
