package org.veil.cardswitch;

import java.io.Serializable;
import java.sql.SQLException;
import java.util.HexFormat;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Mti;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;
import org.veil.security.WorkingKeys;

/**
 * 0800 key change (field 70 = 101) of a known terminal: new TDES working keys (TPK and TAK) issued under the TMK,
 * kept for the terminal (TerminalKeys) and sent in the 0810's field 48 as PK and MK (32 hex under the TMK + 6 hex
 * check value). Only TDES terminals (mac retail, pin tdes) change keys: any other is answered 12. After AcceptorCheck,
 * so no one mints keys for a terminal that does not exist.
 */
public class KeyChange implements TransactionParticipant {
    private static final Logger log = LoggerFactory.getLogger(KeyChange.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private volatile TerminalKeys keys;

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        if (Mti.messageClass(req.getString(0)) != '8' || !"101".equals(req.getString(70))) return PREPARED | NO_JOIN;
        String terminal = RequestKeys.trim(req.getString(41));
        try {
            TerminalKeys k = keys();
            if (!k.profile(terminal).changesKeys()) {
                return Decision.answer(ctx, ResponseCode.INVALID_TRANSACTION, "key change refused: not a TDES terminal");
            }
            TerminalKeys.Change change = k.change(terminal);
            ctx.put(Ctx.ANSWER_PRIVATE_DATA, PrivateData.empty()
                    .with(EdgeSecurityTags.NEW_TPK, travelling(change.tpk()))
                    .with(EdgeSecurityTags.NEW_TAK, travelling(change.tak())).format());
            return Decision.answer(ctx, ResponseCode.APPROVED, "key change: TPK KCV " + change.tpk().checkValue()
                    + ", TAK KCV " + change.tak().checkValue());
        } catch (SQLException | RuntimeException e) {
            log.error("key change of terminal {} failed, its keys are unchanged: {}", terminal, e.getMessage());
            return Decision.answer(ctx, ResponseCode.SYSTEM_MALFUNCTION, "key change failed, keys unchanged");
        }
    }

    /** 32 hex characters of the key under the TMK, then its 6-character check value. */
    private static String travelling(WorkingKeys.Issued key) {
        return HEX.formatHex(key.underTmk()) + key.checkValue();
    }

    private TerminalKeys keys() {
        TerminalKeys k = keys;
        if (k == null) keys = k = TerminalKeys.get();
        return k;
    }
}
