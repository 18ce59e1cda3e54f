package org.veil.terminal.scenario;

/** The HTTP APIs a step can call, by the step key that names them. */
enum ControlApi {
    ADMIN("admin", "issuer admin API"),
    SWITCH("switch", "switch control API");

    final String key;
    final String title;

    ControlApi(String key, String title) {
        this.key = key;
        this.title = title;
    }
}
