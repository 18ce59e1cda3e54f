package org.veil.terminal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a load run sends, each with the response codes it expects (any other is an error) and which way an
 * approval moves money at the merchant (+1 the merchant is credited, -1 debited, 0 nothing). A kind a mix
 * names has a {@code mixName}; a follow-up (COMPLETION after an approved AUTH, REVERSAL_0400 after an
 * approved REVERSAL purchase) has none.
 */
public enum LoadKind {
    PURCHASE("purchase", "purchase", 1, "00"),
    AUTH("auth", "auth", 0, "00"),
    COMPLETION(null, "completion", 1, "00"),
    REFUND("refund", "refund", -1, "00"),
    LOAD("load", "load", -1, "00"),
    BALANCE("balance", "balance", 0, "00"),
    /** The purchase of a "reversal" pair: approved, the terminal reverses it at once (as after a failed print). */
    REVERSAL("reversal", "reversal-0200", 1, "00"),
    /** The full reversal (0400) of an approved REVERSAL purchase: the merchant gives back what it got. */
    REVERSAL_0400(null, "reversal-0400", -1, "00"),
    /** A purchase above the product's max transaction: declined 61 by design, so an approval is an error. */
    DECLINE("decline", "decline", 1, "61");

    private final String mixName;
    private final String label;
    private final int merchantSign;
    private final Set<String> expected;

    LoadKind(String mixName, String label, int merchantSign, String... expected) {
        this.mixName = mixName;
        this.label = label;
        this.merchantSign = merchantSign;
        this.expected = Set.of(expected);
    }

    /** How the kind is shown in reports and JSON. */
    public String label() {
        return label;
    }

    /** The response codes this kind expects; any other answer counts as an error. */
    public Set<String> expected() {
        return expected;
    }

    public boolean expects(String responseCode) {
        return expected.contains(responseCode);
    }

    /** +1 when an approval credits the merchant, -1 when it debits the merchant, 0 when no money moves. */
    public int merchantSign() {
        return merchantSign;
    }

    /** Kinds a mix may name (follow-ups come with their first message). */
    public static LoadKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (LoadKind k : values()) {
            if (k.mixName != null && k.mixName.equals(n)) return k;
        }
        throw new IllegalArgumentException("unknown transaction kind '" + name.trim() + "' in the mix (expected "
                + Arrays.stream(values()).filter(k -> k.mixName != null).map(k -> k.mixName).collect(Collectors.joining(", ")) + ")");
    }

    /** The name a mix uses for this kind (null for a follow-up). */
    public String mixName() {
        return mixName;
    }
}
