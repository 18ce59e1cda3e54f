package org.veil.cardswitch.control;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What an injected fault does to an edge answer. */
public enum FaultKind {
    /** Sent late, after the fault's delay. */
    DELAY("delay"),
    /** Not sent at all. */
    DROP("drop"),
    /** The connection is closed instead of answering. */
    CLOSE("close"),
    /** Sent twice. */
    DOUBLE("double"),
    /** Sent with a field 64 that is not its MAC. */
    CORRUPT_MAC("corrupt-mac");

    /** Every kind by name, for messages: "delay, drop, close, double, corrupt-mac". */
    public static final String NAMES = Arrays.stream(values()).map(FaultKind::text).collect(Collectors.joining(", "));

    private final String text;

    FaultKind(String text) {
        this.text = text;
    }

    /** The name the API and the command line use. */
    public String text() {
        return text;
    }

    /** The kind of that name, or null. */
    public static FaultKind of(String text) {
        for (FaultKind k : values()) if (k.text.equals(text)) return k;
        return null;
    }
}
