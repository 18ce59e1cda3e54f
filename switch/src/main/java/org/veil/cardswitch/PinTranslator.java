package org.veil.cardswitch;

import java.io.Serializable;
import java.util.HexFormat;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;
import org.veil.security.KeyRole;
import org.veil.security.PinTranslation;

/**
 * The request's PIN block (field 52 under the terminal's TPK or DUKPT key, or field 48 P4 under the AES TPK, as the
 * terminal's profile says) re-encrypted as format 0 under the zone PIN key for the host message (Ctx.HOST_PIN_BLOCK).
 * The clear PIN exists only inside PinTranslation. A PIN block that is not where the profile puts it, is ill-formed,
 * or does not decrypt to a valid PIN block (wrong key, wrong PAN) is answered 30 and goes no further: the switch
 * cannot tell a wrong key from a damaged block, and an incorrect PIN is the issuer's call (55).
 */
public class PinTranslator implements TransactionParticipant {
    private static final Logger log = LoggerFactory.getLogger(PinTranslator.class);
    private static final HexFormat HEX = HexFormat.of();
    private volatile TerminalKeys keys;

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        PrivateData data;
        try {
            data = PrivateData.parse(req.getString(48));
        } catch (IllegalArgumentException e) {
            data = PrivateData.empty(); // field 48 the issuer will judge: no P4 or KS can be read from it
        }
        String p4 = data.get(EdgeSecurityTags.PIN_BLOCK_FORMAT4);
        if (!req.hasField(52) && p4 == null) return PREPARED | NO_JOIN;
        String terminal = RequestKeys.trim(req.getString(41));
        String pan = RequestKeys.pan(req);
        if (pan == null) return refuse(ctx, "PIN block without a card number");
        try {
            TerminalKeys k = keys();
            SecurityProfile profile = k.profile(terminal);
            String ksn = data.get(EdgeSecurityTags.KSN);
            String misplaced = misplaced(profile.pin(), req.hasField(52), p4, ksn);
            if (misplaced != null) return refuse(ctx, misplaced);
            byte[] block = switch (profile.pin()) {
                case TDES -> PinTranslation.fromTerminalKey(k.pinKey(terminal, profile), req.getBytes(52), pan, k.key(KeyRole.ZPK));
                case DUKPT -> PinTranslation.fromDukpt(k.key(KeyRole.BDK), ksn, req.getBytes(52), pan, k.key(KeyRole.ZPK));
                case AES -> PinTranslation.fromTerminalKey(k.pinKey(terminal, profile), HEX.parseHex(p4), pan, k.key(KeyRole.ZPK));
            };
            ctx.put(Ctx.HOST_PIN_BLOCK, block);
            return PREPARED | NO_JOIN;
        } catch (IllegalArgumentException e) {
            // PinTranslation's messages name what is wrong, never a PIN, block or key
            log.info("terminal {} STAN {}: PIN block not translated: {}", terminal, req.getString(11), e.getMessage());
            return refuse(ctx, "PIN block not translatable: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("PIN translation for terminal {} failed: {}", terminal, e.toString());
            return Decision.answer(ctx, ResponseCode.SYSTEM_MALFUNCTION, "PIN translation failed");
        }
    }

    /** Why the PIN block is not where the terminal's profile puts it, or null when it is. */
    private static String misplaced(SecurityProfile.Pin pin, boolean field52, String p4, String ksn) {
        return switch (pin) {
            case TDES -> p4 != null ? "P4 PIN block from a tdes terminal (its PIN block is field 52)" : null;
            case DUKPT -> p4 != null || !field52 || ksn == null ? "a dukpt terminal's PIN block is field 52 with its KSN in KS" : null;
            case AES -> field52 || p4 == null || !p4.matches("[0-9A-Fa-f]{32}")
                    ? "an aes terminal's PIN block is 32 hex characters in P4, not field 52" : null;
        };
    }

    private static int refuse(Context ctx, String why) {
        return Decision.answer(ctx, ResponseCode.FORMAT_ERROR, why);
    }

    private TerminalKeys keys() {
        TerminalKeys k = keys;
        if (k == null) keys = k = TerminalKeys.get();
        return k;
    }
}
