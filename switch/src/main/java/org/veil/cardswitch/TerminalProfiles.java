package org.veil.cardswitch;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jpos.core.ConfigurationException;

/** The security profile of each terminal (field 41), from cfg/switch/terminal-security.yml; unlisted terminals take the default. */
final class TerminalProfiles {
    private static final Set<String> KEYS = Set.of("mac", "pin", "require-mac");

    private final SecurityProfile fallback;
    private final Map<String, SecurityProfile> byTerminal;

    private TerminalProfiles(SecurityProfile fallback, Map<String, SecurityProfile> byTerminal) {
        this.fallback = fallback;
        this.byTerminal = byTerminal;
    }

    static TerminalProfiles load(String file) throws ConfigurationException {
        Map<String, Object> root = YamlConfig.load(file);
        for (String key : root.keySet()) {
            if (!key.equals("default") && !key.equals("terminals")) {
                throw new ConfigurationException(file + ": unknown key '" + key + "' (the file holds 'default' and 'terminals')");
            }
        }
        SecurityProfile base = new SecurityProfile(SecurityProfile.Mac.RETAIL, SecurityProfile.Pin.TDES, false);
        if (root.get("default") != null) base = profile(root.get("default"), base, file + ": default");
        Map<String, SecurityProfile> byTerminal = new HashMap<>();
        Object terminals = root.get("terminals");
        if (terminals != null) {
            if (!(terminals instanceof Map<?, ?> m)) throw new ConfigurationException(file + ": 'terminals' must map terminal ids to profiles");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String id = String.valueOf(e.getKey()).trim();
                if (!id.matches("[ -~]{1,8}")) throw new ConfigurationException(file + ": terminal id '" + id + "' must be 1 to 8 printable characters");
                byTerminal.put(id, profile(e.getValue(), base, file + ": terminal " + id));
            }
        }
        return new TerminalProfiles(base, Map.copyOf(byTerminal));
    }

    SecurityProfile of(String terminalId) {
        if (terminalId == null) return fallback;
        return byTerminal.getOrDefault(terminalId.trim(), fallback);
    }

    private static SecurityProfile profile(Object node, SecurityProfile base, String where) throws ConfigurationException {
        if (!(node instanceof Map<?, ?> m)) throw new ConfigurationException(where + " must be a mapping of mac, pin, require-mac");
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) throw new ConfigurationException(where + ": unknown key '" + k + "' (mac, pin, require-mac)");
        }
        SecurityProfile.Mac mac = base.mac();
        if (m.containsKey("mac")) {
            mac = SecurityProfile.Mac.of(String.valueOf(m.get("mac")));
            if (mac == null) throw new ConfigurationException(where + ": mac '" + m.get("mac") + "' must be retail or aes-cmac");
        }
        SecurityProfile.Pin pin = base.pin();
        if (m.containsKey("pin")) {
            pin = SecurityProfile.Pin.of(String.valueOf(m.get("pin")));
            if (pin == null) throw new ConfigurationException(where + ": pin '" + m.get("pin") + "' must be tdes, dukpt or aes");
        }
        boolean require = base.requireMac();
        if (m.containsKey("require-mac")) {
            if (!(m.get("require-mac") instanceof Boolean b)) throw new ConfigurationException(where + ": require-mac must be true or false");
            require = b;
        }
        return new SecurityProfile(mac, pin, require);
    }
}
