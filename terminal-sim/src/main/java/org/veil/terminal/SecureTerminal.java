package org.veil.terminal;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.Dialect;
import org.veil.packagers.PrivateData;
import org.veil.security.AesCmac;
import org.veil.security.PinBlock;
import org.veil.security.RetailMac;

/**
 * A terminal's security steps on its messages (docs: the edge security design): the PIN block of a card request,
 * field 64 over {@link Dialect#macInput}, the check of an answer's field 64, and taking the working keys of a key
 * change answer. Every method returns a copy; nothing here prints or keeps a PIN, PIN block, key or MAC.
 */
public final class SecureTerminal {
    /** Field 48: the AES (format 4) PIN block, 32 hex characters. */
    public static final String AES_PIN_BLOCK = "P4";
    /** Field 48 of a key change answer: the new TPK, and TAK, under the TMK + check value. */
    public static final String NEW_TPK = "PK";
    public static final String NEW_TAK = "MK";
    public static final String KEY_CHANGE = "101";
    /** What the terminal says when an answer's MAC is missing or wrong. */
    public static final String ANSWER_MAC_FAILS = "answer MAC does not verify";
    private static final String SECURITY_VIOLATION = "63";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final TerminalKeys keys;

    public SecureTerminal(TerminalKeys keys) {
        this.keys = keys;
    }

    public TerminalKeys keys() {
        return keys;
    }

    /**
     * A copy of {@code request} carrying {@code pin} for its card (field 2, or the PAN of track 2): field 52 (tdes,
     * dukpt with field 48 KS) or field 48 P4 (aes); POS entry mode's third digit becomes 1 (PIN capable).
     * IllegalArgumentException (one line, no PIN) when the PIN or the card number is not usable.
     */
    public ISOMsg withPin(ISOMsg request, PinMode mode, CharSequence pin) {
        String pan = panOf(request);
        if (pan == null) throw new IllegalArgumentException("a PIN needs the card number (field 2 or track 2 in field 35)");
        ISOMsg m = (ISOMsg) request.clone();
        PrivateData pd = PrivateData.parse(m.getString(48));
        switch (mode) {
            case TDES -> m.set(52, PinBlock.encryptFormat0(keys.tpk(), pin, pan));
            case DUKPT -> {
                TerminalKeys.DukptKey k = keys.nextDukpt();
                m.set(52, PinBlock.encryptFormat0(k.pinKey(), pin, pan));
                pd = pd.with(PrivateData.KEY_SERIAL_NUMBER, k.ksn());
            }
            case AES -> {
                byte[] block = PinBlock.encryptFormat4(keys.tpkAes(), pin, pan);
                m.unset(52);
                pd = pd.with(AES_PIN_BLOCK, HEX.formatHex(block));
                Arrays.fill(block, (byte) 0);
            }
        }
        if (!pd.isEmpty()) m.set(48, pd.format());
        String entry = m.getString(22);
        if (entry != null && entry.length() == 3) m.set(22, entry.substring(0, 2) + "1");
        return m;
    }

    /** A copy of {@code request} with field 64 (its MAC in {@code dialect}) set last; unchanged for {@link MacMode#NONE}. */
    public ISOMsg withMac(Dialect dialect, ISOMsg request, MacMode mode) {
        if (mode == MacMode.NONE) return request;
        ISOMsg m = (ISOMsg) request.clone();
        m.set(64, mac(dialect, m, mode));
        return m;
    }

    /**
     * Whether the answer to a request MACed with {@code mode} is genuine: its field 64 is the MAC of the answer under
     * the same key. Nothing to check when the request had no MAC; a 63 (security violation: the switch did not accept
     * the request's MAC) carries none by design.
     */
    public boolean answerMacVerifies(Dialect dialect, ISOMsg answer, MacMode mode) {
        if (mode == MacMode.NONE) return true;
        if (!answer.hasField(64)) return SECURITY_VIOLATION.equals(answer.getString(39));
        byte[] presented = answer.getBytes(64);
        byte[] expected = mac(dialect, answer, mode);
        return presented != null && MessageDigest.isEqual(expected, presented);
    }

    /** True for an 0800 key change (field 70 = 101) or its repeat. */
    public static boolean isKeyChange(ISOMsg request) {
        return KEY_CHANGE.equals(request.getString(70)) && mti(request).startsWith("080");
    }

    /**
     * The new working keys of an approved key change answer, from now on this terminal's TPK and TAK.
     * IllegalArgumentException "the terminal refuses the new keys: ..." (one line, check values only) when they
     * are missing or do not match their check values; the current keys then stay.
     */
    public TerminalKeys.NewKeys takeNewKeys(ISOMsg answer) {
        try {
            PrivateData pd = PrivateData.parse(answer.getString(48));
            return keys.acceptKeyChange(pd.get(NEW_TPK), pd.get(NEW_TAK));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the terminal refuses the new keys: " + e.getMessage());
        }
    }

    /** The card number of a request: field 2, else the PAN in track 2; null when it has neither. */
    public static String panOf(ISOMsg request) {
        if (request.hasField(2)) return request.getString(2);
        return request.hasField(35) ? CardNumbers.panOfTrack2(request.getString(35)) : null;
    }

    private byte[] mac(Dialect dialect, ISOMsg m, MacMode mode) {
        byte[] input;
        try {
            input = dialect.macInput(m);
        } catch (ISOException e) {
            throw new IllegalArgumentException("the message cannot be packed for its MAC: " + e.getMessage());
        }
        return switch (mode) {
            case RETAIL -> RetailMac.mac(keys.tak(), input);
            case AES_CMAC -> Arrays.copyOf(AesCmac.mac(keys.takAes(), input), 8);
            case NONE -> throw new IllegalArgumentException("no MAC for mode none");
        };
    }

    private static String mti(ISOMsg m) {
        try {
            return m.getMTI();
        } catch (ISOException e) {
            return "";
        }
    }
}
