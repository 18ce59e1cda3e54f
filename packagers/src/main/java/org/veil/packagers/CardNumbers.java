package org.veil.packagers;

/** Card number rules shared by switch, issuer and simulator: Luhn, masking, track 2. */
public final class CardNumbers {
    private CardNumbers() {}

    public static boolean luhnValid(String pan) {
        if (pan == null || pan.length() < 12 || pan.length() > 19 || !pan.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return luhnSum(pan, false) % 10 == 0;
    }

    /** The check digit that makes {@code partial + digit} pass Luhn. */
    public static int luhnDigit(String partial) {
        return (10 - luhnSum(partial, true) % 10) % 10;
    }

    private static int luhnSum(String digits, boolean doubleLast) {
        int sum = 0;
        boolean dbl = doubleLast;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            dbl = !dbl;
        }
        return sum;
    }

    /** First 6 and last 4 digits, the rest as '*': the only form a PAN may take in a log. */
    public static String mask(String pan) {
        if (pan == null) return null;
        if (pan.length() < 11) return "*".repeat(pan.length());
        return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
    }

    /** The PAN of a track 2 image ({@code PAN=YYMM...} or with the D separator). */
    public static String panOfTrack2(String track2) {
        int sep = separator(track2);
        return sep < 0 ? null : track2.substring(0, sep);
    }

    /** The YYMM expiry of a track 2 image, or null when it has none. */
    public static String expiryOfTrack2(String track2) {
        int sep = separator(track2);
        if (sep < 0 || track2.length() < sep + 5) return null;
        return track2.substring(sep + 1, sep + 5);
    }

    private static int separator(String track2) {
        if (track2 == null) return -1;
        int sep = track2.indexOf('=');
        return sep >= 0 ? sep : track2.toUpperCase().indexOf('D');
    }
}
