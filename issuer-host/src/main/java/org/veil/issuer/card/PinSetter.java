package org.veil.issuer.card;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.veil.security.PinVerification;

/**
 * Gives a card its PIN: keeps the PIN's Visa PVV (PVK index {@value #PVKI}), sealed by the PanVault, and clears the
 * wrong-PIN count (so a new PIN also lifts a PIN lock). The PIN itself is kept nowhere.
 */
public final class PinSetter {
    /** The PVK index of every PVV Veil computes (the digit before the PVV on the stripe). */
    public static final int PVKI = 1;
    /** PVK index and PVV on the stripe of a card without a PIN. */
    public static final String NO_PIN = PVKI + "0000";

    private final PanVault pans;
    private final CardKeys keys;

    public PinSetter(PanVault pans, CardKeys keys) {
        this.pans = pans;
        this.keys = keys;
    }

    /** @throws IllegalArgumentException (saying what a PIN is, never repeating it) unless 4 to 12 decimal digits */
    public static void check(String pin) {
        if (pin == null || !pin.matches("[0-9]{4,12}")) throw new IllegalArgumentException("a PIN is 4 to 12 digits (0-9)");
    }

    /** The PVK index and PVV of {@code pin} for {@code pan}: 5 digits, as the stripe's discretionary data starts. */
    String pvkiAndPvv(String pan, String pin) {
        check(pin);
        return PVKI + PinVerification.pvv(keys.pvk(), pan, pin, PVKI);
    }

    /** The sealed PVV to keep for {@code pvkiAndPvv}. */
    byte[] seal(String pan, String pvkiAndPvv) {
        return pans.sealPvv(pan, pvkiAndPvv);
    }

    /** Sets the PIN of card {@code cardId} (number {@code pan}) and clears its wrong-PIN count, in {@code c}'s transaction. */
    public void set(Connection c, long cardId, String pan, String pin) throws SQLException {
        byte[] sealed = seal(pan, pvkiAndPvv(pan, pin));
        try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET pvv_cipher = ?, pin_tries = 0 WHERE id = ?")) {
            ps.setBytes(1, sealed);
            ps.setLong(2, cardId);
            if (ps.executeUpdate() != 1) throw new SQLException("card " + cardId + " is not in the database");
        }
    }
}
