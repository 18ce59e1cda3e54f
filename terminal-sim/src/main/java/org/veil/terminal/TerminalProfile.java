package org.veil.terminal;

/**
 * A test terminal's security choices, the same as the switch's shipped cfg/switch/terminal-security.yml:
 * TERM0003 and VAN00003 use AES (format 4 PIN, AES-CMAC), TERM0004 and VAN00004 DUKPT, every other terminal TDES
 * (format 0 under its TPK, retail MAC). The simulator only MACs when asked (--mac); the PIN mode defaults to this.
 */
public record TerminalProfile(PinMode pin, MacMode mac) {
    public static TerminalProfile of(String terminalId) {
        String id = terminalId == null ? "" : terminalId.strip();
        return switch (id) {
            case "TERM0003", "VAN00003" -> new TerminalProfile(PinMode.AES, MacMode.AES_CMAC);
            case "TERM0004", "VAN00004" -> new TerminalProfile(PinMode.DUKPT, MacMode.RETAIL);
            default -> new TerminalProfile(PinMode.TDES, MacMode.RETAIL);
        };
    }
}
