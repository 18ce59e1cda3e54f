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

    static Edge parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "terminal" -> TERMINAL;
            case "van" -> VAN;
            default -> throw new IllegalArgumentException("unknown dialect '" + name + "' (expected terminal or van)");
        };
    }
}
