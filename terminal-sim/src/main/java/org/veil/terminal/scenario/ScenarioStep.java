package org.veil.terminal.scenario;

import java.util.Map;
import org.veil.packagers.Dialect;
import org.veil.terminal.MacMode;
import org.veil.terminal.PinMode;

/** One step of a scenario, as the file gave it (values still hold their ${...} references). */
sealed interface ScenarioStep {
    /** Null when the step has no id. */
    String id();

    /** The name the run reports: the file's, or a summary such as "0200 → 0210". */
    String name();

    /** Null: the run's --timeout-ms. */
    Long timeoutMs();

    /**
     * An ISO request. {@code fields} maps a field number to its text, to a map of field 48 subelements,
     * or to null (remove the field taken over {@code from} an earlier step). {@code security}: null when the step
     * has neither {@code pin} nor {@code mac} (nor took a mac over {@code from}).
     */
    record Send(String id, String name, Long timeoutMs, String mti, Dialect dialect, String from,
                Map<Integer, Object> fields, AnswerExpectation expect, Security security) implements ScenarioStep {}

    /**
     * A send step's card security: {@code pin} (text, may hold ${...}; null for none), its mode (null: the terminal's
     * profile) and the MAC of the request and its answer.
     */
    record Security(String pin, PinMode pinMode, MacMode mac) {
        @Override
        public String toString() {
            return "Security[" + (pin == null ? "no PIN" : "PIN") + ", " + pinMode + ", " + mac + "]";
        }
    }

    /** A call to the issuer admin API or the switch control API; {@code expect} maps JSON paths to matchers. */
    record Http(String id, String name, Long timeoutMs, ControlApi api, String method, String path, Object body,
                Integer status, Map<String, FieldExpectation> expect) implements ScenarioStep {}

    record Sleep(String id, String name, Long timeoutMs, long millis) implements ScenarioStep {}
}
