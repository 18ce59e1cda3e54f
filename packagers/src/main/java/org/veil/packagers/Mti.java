package org.veil.packagers;

/**
 * Message type indicator arithmetic for ISO 8583:1987 (0xxx) and CMF (2xxx) MTIs.
 * The last digit 1 marks a repeat; the third digit 1 marks a response.
 */
public final class Mti {
    private Mti() {}

    public static void check(String mti) {
        if (mti == null || mti.length() != 4 || !mti.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("MTI must be 4 digits, got '" + mti + "'");
        }
    }

    public static boolean isRepeat(String mti) {
        return mti.charAt(3) == '1';
    }

    public static boolean isResponse(String mti) {
        return mti.charAt(2) == '1' || mti.charAt(2) == '3';
    }

    /** The original request's MTI for a repeat (0101 to 0100, 0421 to 0420). */
    public static String original(String mti) {
        return mti.charAt(3) == '1' ? mti.substring(0, 3) + '0' : mti;
    }

    /** The response MTI for a request or a repeat (0100 and 0101 both answer 0110). */
    public static String responseOf(String mti) {
        String base = original(mti);
        return base.substring(0, 2) + (char) (base.charAt(2) + 1) + base.charAt(3);
    }

    /** Message class: 1 authorization, 2 financial, 4 reversal, 8 network management. */
    public static char messageClass(String mti) {
        return mti.charAt(1);
    }

    public static boolean isAdvice(String mti) {
        return mti.charAt(2) == '2';
    }

    /** 0100 to 2100: the edge MTI in the host (CMF, ISO 8583:2003) version. */
    public static String toHost(String edgeMti) {
        return '2' + edgeMti.substring(1);
    }

    /** 2110 to 0110. */
    public static String toEdge(String hostMti) {
        return '0' + hostMti.substring(1);
    }
}
