package org.veil.cardswitch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOMsg;

/** The rules of cfg/switch/forced-outcomes.yml, in file order: the first that applies wins. */
final class ForcedOutcomes {
    private final List<ForcedRule> rules;

    private ForcedOutcomes(List<ForcedRule> rules) {
        this.rules = rules;
    }

    static ForcedOutcomes load(String file) throws ConfigurationException {
        Map<String, Object> root = YamlConfig.load(file);
        for (String key : root.keySet()) {
            if (!key.equals("outcomes")) throw new ConfigurationException(file + ": unknown key '" + key + "' (the file holds 'outcomes')");
        }
        List<ForcedRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<?> nodes = YamlConfig.list(root, "outcomes", file);
        for (int i = 0; i < nodes.size(); i++) {
            String where = file + ": outcome " + (i + 1);
            if (!(nodes.get(i) instanceof Map<?, ?> m)) throw new ConfigurationException(where + " must be a mapping");
            ForcedRule rule = ForcedRule.parse(m, where);
            if (!names.add(rule.name())) throw new ConfigurationException(where + ": name '" + rule.name() + "' is used twice");
            rules.add(rule);
        }
        return new ForcedOutcomes(List.copyOf(rules));
    }

    /** What the first rule that applies does to the request, or null: the request takes the real path. */
    ForcedTreatment match(ISOMsg req) {
        for (ForcedRule rule : rules) {
            ForcedTreatment t = rule.match(req);
            if (t != null) return t;
        }
        return null;
    }

    int size() {
        return rules.size();
    }
}
