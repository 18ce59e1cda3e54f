package org.veil.issuer.card;

import org.veil.packagers.CardNumbers;

/**
 * A track 2 image: PAN, separator ({@code =}, or the nibble D of a chip's track 2 equivalent), expiry YYMM, service
 * code, discretionary data. Veil's cards carry 8 discretionary digits: PVK index (1), PVV (4, {@code 0000} without a
 * PIN), CVV (3): the CVV is at positions 6 to 8 after the service code.
 */
public record Track2(String pan, String expiry, String serviceCode, String discretionary) {
    /** The service code of a Veil magnetic stripe: international, normal authorization, no restrictions. */
    public static final String MAGSTRIPE_SERVICE_CODE = "101";
    private static final int CVV_AT = 5;

    /** The stripe of a card: {@code pan=expiry101} + PVKI and PVV (5 digits) + CVV (3 digits). */
    public static Track2 issued(String pan, String expiry, String pvkiAndPvv, String cvv) {
        return new Track2(pan, expiry, MAGSTRIPE_SERVICE_CODE, pvkiAndPvv + cvv);
    }

    /**
     * The parts of a track 2 image, or null when it has no separator or is too short for an expiry and a service code.
     * A chip's padding nibble F at the end is dropped.
     */
    public static Track2 parse(String text) {
        if (text == null) return null;
        String t = text.toUpperCase();
        while (t.endsWith("F")) t = t.substring(0, t.length() - 1);
        int sep = t.indexOf('=');
        if (sep < 0) sep = t.indexOf('D');
        if (sep < 0 || t.length() < sep + 8) return null;
        return new Track2(t.substring(0, sep), t.substring(sep + 1, sep + 5), t.substring(sep + 5, sep + 8), t.substring(sep + 8));
    }

    /** The CVV (or iCVV) in the discretionary data, or null when there is none. */
    public String cvv() {
        return discretionary.length() < CVV_AT + 3 ? null : discretionary.substring(CVV_AT, CVV_AT + 3);
    }

    /** The image as a terminal sends it in field 35. */
    public String format() {
        return pan + "=" + expiry + serviceCode + discretionary;
    }

    /** Masked PAN only: a track 2 never goes into a log. */
    @Override
    public String toString() {
        return "Track2[" + CardNumbers.mask(pan) + "]";
    }
}
