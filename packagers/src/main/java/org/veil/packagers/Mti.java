package org.veil.packagers;

/**
 * Message type indicator arithmetic for ISO 8583:1987 (0xxx) and CMF (2xxx) MTIs.
 * The last digit 1 marks a repeat; an odd third digit marks a response or acknowledgement.
 */
public final class Mti {
    private Mti() {}

    /** Four ASCII digits. */
    public static boolean isWellFormed(String mti) {
        if (mti == null || mti.length() != 4) return false;
        for (int i = 0; i < 4; i++) {
            if (mti.charAt(i) < '0' || mti.charAt(i) > '9') return false;
        }
        return true;
    }

    public static void check(String mti) {
        if (!isWellFormed(mti)) throw new IllegalArgumentException("MTI must be 4 digits, got '" + mti + "'");
    }

    public static boolean isRepeat(String mti) {
        return mti.charAt(3) == '1';
    }

    /** Function digit 1, 3, 5, 7 or 9: a response, an advice response or an acknowledgement, never a request. */
    public static boolean isResponse(String mti) {
        return mti.charAt(2) % 2 == 1;
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
