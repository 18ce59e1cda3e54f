package org.veil.terminal.scenario;

/** Whether the run ever reached the switch's ISO ports: exit 3 is for a switch that could not be reached at all. */
final class SwitchReach {
    private boolean connected;
    private boolean failed;

    void connected() {
        connected = true;
    }

    void failed() {
        failed = true;
    }

    boolean neverReached() {
        return failed && !connected;
    }
}
