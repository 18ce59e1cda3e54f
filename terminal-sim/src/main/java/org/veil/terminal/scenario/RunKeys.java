package org.veil.terminal.scenario;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.veil.security.KeyVault;
import org.veil.terminal.KsnCounter;
import org.veil.terminal.SecureTerminal;
import org.veil.terminal.TerminalKeys;
import org.veil.terminal.WorkingKeyFile;

/**
 * The keys of the terminals a run speaks for, for the send steps with {@code pin} or {@code mac}: the keystore is
 * read on first use, and each terminal id keeps its working keys (saved in --key-state, as {@code send} does, since
 * the switch remembers them) and its DUKPT counter for the whole run.
 */
final class RunKeys {
    private final RunSettings settings;
    private final Map<String, SecureTerminal> terminals = new HashMap<>();
    private KeyVault vault;

    RunKeys(RunSettings settings) {
        this.settings = settings;
    }

    SecureTerminal terminal(String terminalId) throws StepFailure {
        if (terminalId == null || terminalId.isBlank()) throw new StepFailure("pin and mac need the terminal id in field 41");
        String tid = terminalId.strip();
        SecureTerminal t = terminals.get(tid);
        if (t != null) return t;
        try {
            if (vault == null) vault = TerminalKeys.vault(settings.keystore(), settings.keystorePassword());
            KsnCounter ksns = KsnCounter.fromClock(KsnCounter.DEFAULT_BASE, Clock.systemUTC());
            t = new SecureTerminal(new TerminalKeys(vault, ksns, tid, new WorkingKeyFile(settings.keyState())));
        } catch (IllegalArgumentException e) {
            throw new StepFailure(e.getMessage());
        }
        terminals.put(tid, t);
        return t;
    }
}
