package org.veil.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the load generator drives in a bench run, from the ceiling of one hop to the whole authorization path. */
public enum BenchPath {
    /** The zero-work host directly: one hop and the dialect's packing. */
    ZERO_WORK("zero-work", "zero-work host", "#4c78a8"),
    /** The real switch with the zero-work host behind it instead of the issuer: the cost of the switch alone. */
    SWITCH("switch", "switch + zero-work host", "#f58518"),
    /** The real switch and the real issuer host with loaded cards. */
    FULL("full", "switch + issuer host", "#54a24b");

    private final String key;
    private final String label;
    private final String colour;

    BenchPath(String key, String label, String colour) {
        this.key = key;
        this.label = label;
        this.colour = colour;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** Its colour in the charts. */
    public String colour() {
        return colour;
    }

    public static BenchPath parse(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (BenchPath p : values()) {
            if (p.key.equals(k)) return p;
        }
        throw new IllegalArgumentException("unknown path '" + key + "' (expected "
                + Arrays.stream(values()).map(BenchPath::key).collect(Collectors.joining(", ")) + ")");
    }
}
