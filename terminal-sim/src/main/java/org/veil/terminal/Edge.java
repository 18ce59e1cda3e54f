package org.veil.terminal;

import java.util.Locale;
import org.veil.packagers.Dialect;

/** The two public edges with their default port and demo acceptor (cfg/switch/acceptors.yml). */
enum Edge {
    TERMINAL(Dialect.TERMINAL, 8583, "TERM0001", "MERCHANT0000001", "Veil Demo Coffee"),
    VAN(Dialect.VAN, 8584, "VAN00001", "VANSHOP00000001", "Veil Demo Web Shop");

    final Dialect dialect;
    final int defaultPort;
    final String demoTerminal;
    final String demoMerchant;
    final String demoMerchantName;

    Edge(Dialect dialect, int defaultPort, String demoTerminal, String demoMerchant, String demoMerchantName) {
        this.dialect = dialect;
        this.defaultPort = defaultPort;
        this.demoTerminal = demoTerminal;
        this.demoMerchant = demoMerchant;
        this.demoMerchantName = demoMerchantName;
    }

    /** The port given on the command line, checked, or this edge's default. */
    int port(Integer given) {
        if (given == null) return defaultPort;
        if (given < 1 || given > 65535) throw new IllegalArgumentException("--port must be 1 to 65535, got " + given);
        return given;
    }

    static Edge parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "terminal" -> TERMINAL;
            case "van" -> VAN;
            default -> throw new IllegalArgumentException("unknown dialect '" + name + "' (expected terminal or van)");
        };
    }
}
