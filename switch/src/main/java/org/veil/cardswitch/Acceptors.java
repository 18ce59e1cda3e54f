package org.veil.cardswitch;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpos.core.ConfigurationException;

/** Merchants (field 42) and their terminals (field 41), from cfg/switch/acceptors.yml. */
final class Acceptors {
    private record Merchant(String name, Set<String> terminals, List<String> terminalPrefixes) {
        boolean owns(String terminal) {
            if (terminals.contains(terminal)) return true;
            for (String p : terminalPrefixes) if (terminal.startsWith(p)) return true;
            return false;
        }
    }

    private final Map<String, Merchant> merchants;

    private Acceptors(Map<String, Merchant> merchants) {
        this.merchants = merchants;
    }

    static Acceptors load(String file) throws ConfigurationException {
        Map<String, Merchant> merchants = new HashMap<>();
        for (Object o : YamlConfig.list(YamlConfig.load(file), "merchants", file)) {
            if (!(o instanceof Map<?, ?> m)) throw new ConfigurationException(file + ": each merchant must be a mapping");
            String id = YamlConfig.text(m, "id", file).trim();
            Set<String> terminals = new HashSet<>();
            for (Object t : YamlConfig.list(m, "terminals", file)) terminals.add(String.valueOf(t).trim());
            List<String> prefixes = YamlConfig.list(m, "terminal-prefixes", file).stream().map(String::valueOf).toList();
            if (terminals.isEmpty() && prefixes.isEmpty()) {
                throw new ConfigurationException(file + ": merchant " + id + " has no terminals or terminal-prefixes");
            }
            merchants.put(id, new Merchant(String.valueOf(m.get("name")), terminals, prefixes));
        }
        return new Acceptors(merchants);
    }

    boolean known(String merchantId, String terminalId) {
        if (merchantId == null || terminalId == null) return false;
        Merchant m = merchants.get(merchantId.trim());
        return m != null && m.owns(terminalId.trim());
    }
}
