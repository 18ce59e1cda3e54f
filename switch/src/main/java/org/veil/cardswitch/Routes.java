package org.veil.cardswitch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jpos.core.ConfigurationException;

/**
 * BIN prefix to issuer link, and issuer link to its muxes (HostLink or MUXPool), from cfg/switch/routes.yml.
 * The link indirection lets one issuer have several muxes (links) later without new routes.
 */
final class Routes {
    /** An issuer link: a name and the muxes that reach it, tried in order. */
    record Link(String name, List<String> muxes) {}

    private final Map<String, Link> byPrefix;
    private final int longest;

    private Routes(Map<String, Link> byPrefix) {
        this.byPrefix = byPrefix;
        this.longest = byPrefix.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    static Routes load(String file) throws ConfigurationException {
        Map<String, Object> root = YamlConfig.load(file);
        Object linksNode = root.get("links");
        if (!(linksNode instanceof Map<?, ?> linksMap)) throw new ConfigurationException(file + ": 'links' must map link names to mux names");
        Map<String, Link> links = new HashMap<>();
        for (Map.Entry<?, ?> e : linksMap.entrySet()) {
            List<String> muxes = new ArrayList<>();
            if (e.getValue() instanceof List<?> l) l.forEach(x -> muxes.add(String.valueOf(x)));
            else muxes.add(String.valueOf(e.getValue()));
            links.put(String.valueOf(e.getKey()), new Link(String.valueOf(e.getKey()), List.copyOf(muxes)));
        }
        Map<String, Link> byPrefix = new HashMap<>();
        for (Object o : YamlConfig.list(root, "routes", file)) {
            if (!(o instanceof Map<?, ?> m)) throw new ConfigurationException(file + ": each route must be a mapping");
            String prefix = YamlConfig.text(m, "prefix", file);
            if (!prefix.matches("[0-9]{1,19}")) throw new ConfigurationException(file + ": prefix '" + prefix + "' must be digits");
            String linkName = YamlConfig.text(m, "link", file);
            Link link = links.get(linkName);
            if (link == null) throw new ConfigurationException(file + ": route " + prefix + " names unknown link '" + linkName + "'");
            byPrefix.put(prefix, link);
        }
        return new Routes(byPrefix);
    }

    /** The link of the longest matching prefix, or null (no such issuer). */
    Link route(String pan) {
        for (int len = Math.min(longest, pan.length()); len > 0; len--) {
            Link l = byPrefix.get(pan.substring(0, len));
            if (l != null) return l;
        }
        return null;
    }
}
