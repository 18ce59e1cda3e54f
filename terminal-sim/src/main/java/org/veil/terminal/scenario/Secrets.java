package org.veil.terminal.scenario;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.PrivateData;
import org.veil.terminal.SecureTerminal;

/**
 * Masking for everything the run prints or reports: PANs first 6 + last 4, PIN block, chip data and MAC hidden, and
 * field 48's secrets (CVV2, one-time code, AES PIN block, key serial number, working keys).
 */
final class Secrets {
    private static final Set<Integer> FIELDS = Set.of(2, 35, 48, 52, 55, 64);
    private static final Set<String> SECRET_TAGS = Set.of(PrivateData.CVV2, PrivateData.ONE_TIME_CODE, PrivateData.KEY_SERIAL_NUMBER,
            SecureTerminal.AES_PIN_BLOCK, SecureTerminal.NEW_TPK, SecureTerminal.NEW_TAK);
    private static final Set<String> JSON_SECRETS = Set.of("cvv2", "cvv", "pin", "track2");
    /** A run of 13 to 19 digits that passes Luhn is taken for a card number wherever it appears. */
    private static final Pattern CARD_LIKE = Pattern.compile("(?<![0-9])[0-9]{13,19}(?![0-9])");

    private Secrets() {}

    static boolean isSecretField(int field) {
        return FIELDS.contains(field);
    }

    /** The field value as it may be shown. */
    static String field(int field, String value) {
        if (value == null || !FIELDS.contains(field)) return value;
        return switch (field) {
            case 2 -> CardNumbers.mask(value);
            case 35 -> {
                String pan = CardNumbers.panOfTrack2(value);
                yield pan == null ? stars(value) : CardNumbers.mask(pan) + "=" + stars(value.substring(pan.length() + 1));
            }
            case 48 -> privateData(value);
            default -> stars(value);
        };
    }

    /** A JSON answer's value as it may be shown, by the name it has ({@code pan}, {@code cvv2}...). */
    static String json(String name, String value) {
        if (value == null) return null;
        if (name.equalsIgnoreCase("pan")) return CardNumbers.mask(value);
        return JSON_SECRETS.contains(name.toLowerCase()) ? stars(value) : value;
    }

    /** Any card number left in a line of text, masked. */
    static String scrub(String text) {
        if (text == null) return null;
        Matcher m = CARD_LIKE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String digits = m.group();
            m.appendReplacement(sb, CardNumbers.luhnValid(digits) ? CardNumbers.mask(digits) : digits);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Field 48 with the values of its secret tags starred; a value that is not tags is shown as it is. */
    private static String privateData(String value) {
        PrivateData pd;
        try {
            pd = PrivateData.parse(value);
        } catch (IllegalArgumentException e) {
            return value;
        }
        PrivateData shown = PrivateData.empty();
        for (var e : pd.asMap().entrySet()) shown = shown.with(e.getKey(), SECRET_TAGS.contains(e.getKey()) ? stars(e.getValue()) : e.getValue());
        return shown.format();
    }

    private static String stars(String value) {
        return value.length() <= 16 ? "*".repeat(value.length()) : "*".repeat(16) + "...(" + value.length() + ")";
    }
}
