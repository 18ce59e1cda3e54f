package org.veil.packagers;

import java.util.ArrayList;
import java.util.List;

/**
 * Field 54: 20-character groups of account type (2), amount type (2: 01 ledger, 02 available),
 * currency (3), sign (C or D) and amount (12, minor units).
 */
public final class AdditionalAmounts {
    public static final String LEDGER = "01";
    public static final String AVAILABLE = "02";
    private static final String ACCOUNT_TYPE_DEFAULT = "00";

    public record Amount(String accountType, String amountType, String currency, long minorUnits) {
        String format() {
            char sign = minorUnits < 0 ? 'D' : 'C';
            return accountType + amountType + currency + sign + String.format("%012d", Math.abs(minorUnits));
        }
    }

    private AdditionalAmounts() {}

    /** Ledger and available balance, as the issuer answers them. */
    public static String balances(String currency, long ledger, long available) {
        return new Amount(ACCOUNT_TYPE_DEFAULT, LEDGER, currency, ledger).format()
                + new Amount(ACCOUNT_TYPE_DEFAULT, AVAILABLE, currency, available).format();
    }

    public static List<Amount> parse(String field54) {
        if (field54 == null || field54.length() % 20 != 0) {
            throw new IllegalArgumentException("field 54 must be a multiple of 20 characters");
        }
        List<Amount> out = new ArrayList<>();
        for (int i = 0; i < field54.length(); i += 20) {
            String g = field54.substring(i, i + 20);
            char sign = g.charAt(7);
            if (sign != 'C' && sign != 'D') throw new IllegalArgumentException("field 54: sign must be C or D, got " + sign);
            long amount = Long.parseLong(g.substring(8));
            out.add(new Amount(g.substring(0, 2), g.substring(2, 4), g.substring(4, 7), sign == 'D' ? -amount : amount));
        }
        return out;
    }

    /** The amount of the given type (LEDGER or AVAILABLE), or null when the field has none. */
    public static Long find(String field54, String amountType) {
        if (field54 == null || field54.isEmpty()) return null;
        for (Amount a : parse(field54)) {
            if (a.amountType().equals(amountType)) return a.minorUnits();
        }
        return null;
    }
}
