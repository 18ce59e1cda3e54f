package org.veil.terminal;

import org.veil.packagers.CardNumbers;

/**
 * A card as the terminal reads it: keyed (PAN + expiry, track2 null) or swiped (track 2, which a
 * request then carries in field 35 instead of field 2).
 */
public record CardData(String pan, String expiry, String track2) {
    /** Service code 101 then discretionary data, as a plain magstripe card has it. */
    private static final String SERVICE_CODE_AND_DISCRETIONARY = "101" + "00000000";

    public CardData {
        if (pan == null || pan.length() < 12 || pan.length() > 19 || !pan.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("PAN must be 12 to 19 digits");
        }
        if (expiry == null || !expiry.matches("\\d{4}")) {
            throw new IllegalArgumentException("expiry must be YYMM, got '" + expiry + "'");
        }
    }

    public static CardData keyed(String pan, String expiry) {
        return new CardData(pan, expiry, null);
    }

    public static CardData swiped(String pan, String expiry) {
        return new CardData(pan, expiry, pan + "=" + expiry + SERVICE_CODE_AND_DISCRETIONARY);
    }

    /** A card read from a whole track 2 image ({@code PAN=YYMM...}), e.g. the one its issuer returned at issuance. */
    public static CardData fromTrack2(String track2) {
        String pan = CardNumbers.panOfTrack2(track2);
        if (pan == null) throw new IllegalArgumentException("a track 2 is PAN=YYMM then service code and discretionary data");
        return new CardData(pan, CardNumbers.expiryOfTrack2(track2), track2);
    }

    /** This card, or IllegalArgumentException when its PAN fails Luhn: most likely mistyped. */
    public CardData requireLuhn() {
        if (!CardNumbers.luhnValid(pan)) {
            throw new IllegalArgumentException("PAN " + CardNumbers.mask(pan) + " fails the Luhn check (mistyped? --no-luhn-check sends it anyway)");
        }
        return this;
    }

    public boolean isSwiped() {
        return track2 != null;
    }

    @Override
    public String toString() {
        return "CardData[" + CardNumbers.mask(pan) + (isSwiped() ? ", swiped" : ", keyed") + "]";
    }
}
