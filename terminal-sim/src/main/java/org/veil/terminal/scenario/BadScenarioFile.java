package org.veil.terminal.scenario;

/** A file that is not a valid scenario: the message is one line, "FILE: what is wrong". */
final class BadScenarioFile extends Exception {
    BadScenarioFile(String file, String problem) {
        super(file + ": " + problem, null, false, false);
    }
}
