package org.veil.terminal.scenario;

import java.nio.file.Path;
import java.util.Map;
import org.veil.packagers.Dialect;

/** Where a run sends its requests and how long it waits, from the command line. */
record RunSettings(String host, int terminalPort, int vanPort, String adminUrl, String switchUrl, long timeoutMs,
                   Map<String, String> vars, boolean quiet, Path keystore, String keystorePassword, Path keyState) {
    static final String DEFAULT_ADMIN_URL = "http://127.0.0.1:8081";
    static final String DEFAULT_SWITCH_URL = "http://127.0.0.1:8082";

    int port(Dialect dialect) {
        return dialect == Dialect.VAN ? vanPort : terminalPort;
    }

    String baseUrl(ControlApi api) {
        String url = api == ControlApi.ADMIN ? adminUrl : switchUrl;
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
