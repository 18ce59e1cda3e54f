package org.veil.credit;

/** One test credit card: number, expiry YYMM, credit limit in minor units, and how long its answers wait. */
public record TestCreditCard(String pan, String expiry, long creditLimit, long delayMillis) {
    /** Past its expiry month (YYMM, read as 20YY) at {@code year}/{@code month}. */
    public boolean expiredAt(int year, int month) {
        int yy = 2000 + Integer.parseInt(expiry.substring(0, 2));
        int mm = Integer.parseInt(expiry.substring(2, 4));
        return yy < year || (yy == year && mm < month);
    }
}
