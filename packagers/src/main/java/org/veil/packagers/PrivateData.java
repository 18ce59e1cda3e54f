package org.veil.packagers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Field 48 subelements: {@code TTLLLvalue}, a 2-character tag, a 3-digit length, the value.
 * Unknown tags are kept (and ignored by whoever does not know them).
 */
public final class PrivateData {
    public static final String PARTIAL_APPROVAL = "PA";
    public static final String CVV2 = "CV";
    public static final String ONE_TIME_CODE = "OT";
    public static final String ORDER_ID = "OR";
    public static final String PAYMENT_INTENT = "PI";
    public static final String KEY_SERIAL_NUMBER = "KS";

    private final Map<String, String> elements;

    private PrivateData(Map<String, String> elements) {
        this.elements = elements;
    }

    public static PrivateData empty() {
        return new PrivateData(new LinkedHashMap<>());
    }

    /** @throws IllegalArgumentException when the field is not a sequence of well-formed subelements */
    public static PrivateData parse(String field48) {
        Map<String, String> out = new LinkedHashMap<>();
        if (field48 == null) return new PrivateData(out);
        int i = 0;
        while (i < field48.length()) {
            if (i + 5 > field48.length()) {
                throw new IllegalArgumentException("field 48: truncated subelement header at offset " + i);
            }
            String tag = field48.substring(i, i + 2);
            String len = field48.substring(i + 2, i + 5);
            if (!len.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("field 48: length of tag " + tag + " is not 3 digits");
            }
            int n = Integer.parseInt(len);
            if (i + 5 + n > field48.length()) {
                throw new IllegalArgumentException("field 48: tag " + tag + " announces " + n + " characters, fewer remain");
            }
            out.put(tag, field48.substring(i + 5, i + 5 + n));
            i += 5 + n;
        }
        return new PrivateData(out);
    }

    public String get(String tag) {
        return elements.get(tag);
    }

    public boolean isYes(String tag) {
        return "Y".equalsIgnoreCase(elements.get(tag));
    }

    public PrivateData with(String tag, String value) {
        if (tag.length() != 2) throw new IllegalArgumentException("field 48 tag must be 2 characters: " + tag);
        if (value.length() > 999) throw new IllegalArgumentException("field 48 value too long for tag " + tag);
        Map<String, String> copy = new LinkedHashMap<>(elements);
        copy.put(tag, value);
        return new PrivateData(copy);
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(elements);
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        elements.forEach((tag, value) -> sb.append(tag).append(String.format("%03d", value.length())).append(value));
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
