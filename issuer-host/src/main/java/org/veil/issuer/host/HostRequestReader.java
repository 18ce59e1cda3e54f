package org.veil.issuer.host;

import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.HostMessages;
import org.veil.packagers.PrivateData;

/** Reads the fields of a CMF request into a {@link HostRequest}, checking the mandatory ones per MTI. */
public final class HostRequestReader {
    private HostRequestReader() {}

    public static HostRequest read(ISOMsg m) throws MalformedRequest {
        String mti;
        try {
            mti = m.getMTI();
        } catch (ISOException e) {
            throw new MalformedRequest("no MTI");
        }
        if (mti == null || mti.length() != 4) throw new MalformedRequest("bad MTI");
        String base = mti.substring(0, 3) + '0';
        require(m, 7, 11, 41);
        String stan = digits(m, 11);
        String transmission = digits(m, 7);
        String pc = m.getString(3);
        if (pc != null && (pc.length() != 6 || !pc.chars().allMatch(Character::isDigit))) {
            throw new MalformedRequest("field 3 must be 6 digits");
        }
        Long amount = null;
        String currency = null;
        if (m.hasField(4)) {
            try {
                amount = HostMessages.minorUnits(m);
                currency = HostMessages.currency(m);
            } catch (ISOException | ArithmeticException e) {
                throw new MalformedRequest("field 4 is not a readable amount");
            }
        }
        boolean inquiry = pc != null && (pc.startsWith("30") || pc.startsWith("31"));
        switch (base) {
            case "2100", "2120" -> {
                require(m, 3, 4, 42);
                requireCard(m);
            }
            case "2200" -> {
                require(m, 3);
                requireCard(m);
                if (!inquiry) require(m, 4, 42);
            }
            case "2220" -> require(m, 4);
            case "2400", "2420" -> {
                if (!m.hasField(56) && !m.hasField(37)) throw new MalformedRequest("reversal needs field 56 or 37");
            }
            default -> { }
        }
        String pan = m.getString(2);
        String trackExpiry = null;
        if (m.hasField(35)) {
            String t2 = m.getString(35);
            String trackPan = CardNumbers.panOfTrack2(t2);
            if (trackPan == null) throw new MalformedRequest("field 35 has no separator");
            if (pan == null) pan = trackPan;
            trackExpiry = CardNumbers.expiryOfTrack2(t2);
        }
        if (pan != null && !pan.chars().allMatch(Character::isDigit)) throw new MalformedRequest("card number is not digits");
        boolean partial = false;
        String cvv2 = null;
        String oneTimeCode = null;
        if (m.hasField(48)) {
            try {
                PrivateData pd = PrivateData.parse(m.getString(48));
                partial = pd.isYes(PrivateData.PARTIAL_APPROVAL);
                cvv2 = pd.get(PrivateData.CVV2);
                oneTimeCode = pd.get(PrivateData.ONE_TIME_CODE);
            } catch (IllegalArgumentException e) {
                throw new MalformedRequest(e.getMessage());
            }
        }
        String chipTrack2 = m.hasField(55) ? ChipData.track2Equivalent(m.getBytes(55)) : null;
        PresentedSecrets secrets = new PresentedSecrets(m.hasField(52) ? m.getBytes(52) : null, m.getString(35), cvv2, chipTrack2,
                oneTimeCode);
        String original = m.getString(56);
        if (original != null && (original.length() < 26 || !original.chars().allMatch(Character::isDigit))) {
            throw new MalformedRequest("field 56 must be MTI + STAN(12) + field 7 digits");
        }
        return new HostRequest(mti, pc, amount, currency, pan, m.getString(14), trackExpiry, transmission, stan,
                m.getString(41).trim(), trim(m.getString(42)), trim(m.getString(37)), original, partial, secrets);
    }

    /** Field 11 as a number without padding. */
    static String normaliseStan(String stan) throws MalformedRequest {
        if (stan == null || stan.isEmpty() || stan.length() > 12 || !stan.chars().allMatch(Character::isDigit)) {
            throw new MalformedRequest("STAN must be up to 12 digits");
        }
        return Long.toString(Long.parseLong(stan));
    }

    private static String digits(ISOMsg m, int field) throws MalformedRequest {
        String v = m.getString(field);
        if (field == 11) return normaliseStan(v);
        if (v == null || v.isEmpty() || !v.chars().allMatch(Character::isDigit)) throw new MalformedRequest("field " + field + " must be digits");
        return v;
    }

    private static void require(ISOMsg m, int... fields) throws MalformedRequest {
        for (int f : fields) {
            if (!m.hasField(f) || (f != 4 && m.getString(f).isBlank())) {
                throw new MalformedRequest("missing field " + f);
            }
        }
    }

    private static void requireCard(ISOMsg m) throws MalformedRequest {
        if (!m.hasField(2) && !m.hasField(35)) throw new MalformedRequest("missing field 2 (or 35)");
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
