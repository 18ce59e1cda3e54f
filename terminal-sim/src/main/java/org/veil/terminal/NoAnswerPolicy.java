package org.veil.terminal;

import java.util.Locale;

/**
 * What a terminal does when a request gets no answer in time (or its connection drops first): nothing, send it
 * again as a repeat (MTI ending in 1), or reverse it (0400, repeated as 0401) so no money stays taken unknowingly.
 */
enum NoAnswerPolicy {
    NONE, REPEAT, REVERSE;

    static NoAnswerPolicy parse(String s) {
        for (NoAnswerPolicy p : values()) {
            if (p.name().equalsIgnoreCase(s == null ? "" : s.trim())) return p;
        }
        throw new IllegalArgumentException("--on-no-answer must be none, repeat or reverse, got '" + s + "'");
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
