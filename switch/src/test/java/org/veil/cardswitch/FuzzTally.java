package org.veil.cardswitch;

import java.util.Map;
import java.util.TreeMap;
import org.veil.packagers.Dialect;

/** Frames tried and what became of them, per category and dialect, for the fuzz report. */
final class FuzzTally {
    private final Map<String, Map<String, Integer>> rows = new TreeMap<>();

    synchronized void add(FuzzCategory c, Dialect d, String what) {
        rows.computeIfAbsent(String.format("%02d", c.ordinal()) + "|" + c + "|" + d, k -> new TreeMap<>()).merge(what, 1, Integer::sum);
    }

    synchronized int total(String what) {
        return rows.values().stream().mapToInt(m -> m.getOrDefault(what, 0)).sum();
    }

    /** One line per category and dialect: tried, then each outcome with its count. */
    synchronized String table() {
        StringBuilder s = new StringBuilder();
        String last = null;
        for (Map.Entry<String, Map<String, Integer>> e : rows.entrySet()) {
            String[] k = e.getKey().split("\\|");
            FuzzCategory c = FuzzCategory.valueOf(k[1]);
            if (!k[1].equals(last)) s.append(String.format("%s: %s%n", c, c.description));
            last = k[1];
            Map<String, Integer> m = new TreeMap<>(e.getValue());
            int tried = m.remove("tried");
            s.append(String.format("  %-8s tried %5d ->", k[2], tried));
            m.forEach((what, n) -> s.append(' ').append(what).append(' ').append(n).append(','));
            s.setLength(s.length() - 1);
            s.append(System.lineSeparator());
        }
        return s.toString();
    }
}
