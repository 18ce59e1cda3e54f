package org.veil.packagers;

import java.util.HashMap;
import java.util.Map;
import org.jpos.rc.CMF;

/**
 * The response codes of CONTRACT.md (field 39 on both edges) and their jPOS CMF twins,
 * the 4-digit action codes the issuer answers with on the host link.
 */
public enum ResponseCode {
    APPROVED("00", CMF.APPROVED, "approved"),
    PARTIAL_APPROVAL("10", CMF.APPROVED_PARTIAL, "partial approval"),
    INVALID_MERCHANT("03", CMF.INVALID_CARD_ACCEPTOR, "invalid merchant / terminal"),
    DO_NOT_HONOR("05", CMF.DO_NOT_HONOUR, "do not honor"),
    INVALID_TRANSACTION("12", CMF.INVALID_TRANSACTION, "invalid transaction"),
    INVALID_AMOUNT("13", CMF.INVALID_AMOUNT, "invalid amount"),
    INVALID_CARD_NUMBER("14", CMF.INVALID_CARD_NUMBER, "invalid card number"),
    NO_SUCH_ISSUER("15", CMF.ROUTING_ERROR, "no such issuer"),
    ORIGINAL_NOT_FOUND("25", CMF.ORIGINAL_NOT_FOUND, "original not found"),
    FORMAT_ERROR("30", CMF.MESSAGE_ERROR, "format error"),
    LOST_CARD("41", CMF.LOST_CARD, "lost card"),
    STOLEN_CARD("43", CMF.STOLEN_CARD, "stolen card"),
    INSUFFICIENT_FUNDS("51", CMF.NOT_SUFFICIENT_FUNDS, "insufficient funds"),
    EXPIRED_CARD("54", CMF.EXPIRED, "expired card"),
    INCORRECT_PIN("55", CMF.INCORRECT_PIN, "incorrect PIN"),
    NOT_PERMITTED("57", CMF.NOT_PERMITTED_TO_CARDHOLDER, "not permitted to cardholder"),
    EXCEEDS_AMOUNT_LIMIT("61", CMF.EXCEEDS_WITHDRAWAL_AMOUNT_LIMIT, "exceeds amount limit"),
    RESTRICTED_CARD("62", CMF.RESTRICTED_CARD, "restricted card"),
    SECURITY_VIOLATION("63", CMF.SECURITY_VIOLATION, "security violation"),
    EXCEEDS_FREQUENCY_LIMIT("65", CMF.EXCEEDS_WITHDRAWAL_FREQUENCY_LIMIT, "exceeds frequency limit"),
    PIN_TRIES_EXCEEDED("75", CMF.MAX_PIN_TRIES_EXCEEDED, "PIN tries exceeded"),
    ISSUER_UNAVAILABLE("91", CMF.ISSUER_UNAVAILABLE, "issuer unavailable or timed out"),
    DUPLICATE_TRANSMISSION("94", CMF.DUPLICATE_TRANSMISSION, "duplicate transmission"),
    SYSTEM_MALFUNCTION("96", CMF.SYSTEM_ERROR, "system malfunction");

    private static final Map<String, ResponseCode> BY_CODE = new HashMap<>();
    private static final Map<Integer, ResponseCode> BY_HOST = new HashMap<>();

    static {
        for (ResponseCode rc : values()) {
            BY_CODE.put(rc.code, rc);
            BY_HOST.put(rc.host.irc(), rc);
        }
        // Host acknowledgements and near-synonyms that edges know under one code.
        BY_HOST.put(CMF.REVERSAL_ACCEPTED.irc(), APPROVED);
        BY_HOST.put(CMF.ADVICE_ACCEPTED.irc(), APPROVED);
        BY_HOST.put(CMF.NET_ACCEPTED.irc(), APPROVED);
        BY_HOST.put(CMF.ISSUER_TIMEOUT.irc(), ISSUER_UNAVAILABLE);
        BY_HOST.put(CMF.INVALID_MERCHANT.irc(), INVALID_MERCHANT);
        BY_HOST.put(CMF.INVALID_TERMINAL.irc(), INVALID_MERCHANT);
        BY_HOST.put(CMF.MAC_INCORRECT.irc(), SECURITY_VIOLATION);
        BY_HOST.put(CMF.MISSING_FIELD.irc(), FORMAT_ERROR);
        BY_HOST.put(CMF.INVALID_FIELD.irc(), FORMAT_ERROR);
    }

    private final String code;
    private final CMF host;
    private final String meaning;

    ResponseCode(String code, CMF host, String meaning) {
        this.code = code;
        this.host = host;
        this.meaning = meaning;
    }

    /** The two characters of field 39 on the TERMINAL and VAN edges. */
    public String code() {
        return code;
    }

    /** The 4-digit CMF action code of field 39 on the host link. */
    public String hostCode() {
        return String.format("%04d", host.irc());
    }

    public String meaning() {
        return meaning;
    }

    public boolean approved() {
        return this == APPROVED || this == PARTIAL_APPROVAL;
    }

    public static ResponseCode fromCode(String code) {
        ResponseCode rc = BY_CODE.get(code);
        if (rc == null) throw new IllegalArgumentException("unknown response code '" + code + "'");
        return rc;
    }

    /**
     * An edge code for any host action code: unknown approvals stay approvals, unknown
     * declines become 05 and unknown system errors 96, so no host answer is lost in mapping.
     */
    public static ResponseCode fromHostCode(String hostCode) {
        int value;
        try {
            value = Integer.parseInt(hostCode.trim());
        } catch (NumberFormatException | NullPointerException e) {
            return SYSTEM_MALFUNCTION;
        }
        ResponseCode rc = BY_HOST.get(value);
        if (rc != null) return rc;
        if (value < 1000) return APPROVED;
        if (value < 3000) return DO_NOT_HONOR;
        return SYSTEM_MALFUNCTION;
    }

    @Override
    public String toString() {
        return code + " " + meaning;
    }
}
