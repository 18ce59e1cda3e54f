package org.veil.terminal;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.OriginalData;
import org.veil.packagers.PrivateData;
import org.veil.packagers.TransactionType;

/**
 * Builds the ISO 8583:1987 requests of CONTRACT.md for one terminal: the same messages go out on
 * the TERMINAL and the VAN edge (only the packing differs). Thread-safe.
 */
public final class RequestFactory {
    public static final String MERCHANT_CATEGORY = "5999";
    public static final String ENTRY_KEYED = "012";
    public static final String ENTRY_SWIPED = "902";
    public static final String CONDITION_NORMAL = "00";
    public static final String ECHO = "301";
    public static final String KEY_CHANGE = "101";

    private static final DateTimeFormatter TRANSMISSION = DateTimeFormatter.ofPattern("MMddHHmmss");
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter LOCAL_DATE = DateTimeFormatter.ofPattern("MMdd");
    private static final int MAX_STAN = 999_999;
    /** RRNs of one JVM never repeat; seeded by the time of day so a later run the same day starts higher. */
    private static final AtomicLong RRN_SEQUENCE = new AtomicLong(
            LocalDateTime.now(ZoneOffset.UTC).toLocalTime().toSecondOfDay() * 1000L);

    private final String terminalId;
    private final String merchantId;
    private final String merchantName;
    private final String currency;
    private final AtomicInteger stan;

    public RequestFactory(String terminalId, String merchantId, String merchantName, String currency) {
        this(terminalId, merchantId, merchantName, currency, ThreadLocalRandom.current().nextInt(1, MAX_STAN + 1));
    }

    /** With the STAN the first request will carry (1 to 999999), for reproducible tests. */
    public RequestFactory(String terminalId, String merchantId, String merchantName, String currency, int firstStan) {
        this.terminalId = fixed("terminal id", terminalId, 8);
        this.merchantId = fixed("merchant id", merchantId, 15);
        this.merchantName = fixed("merchant name", merchantName == null ? "" : merchantName, 40);
        if (currency == null || !currency.matches("\\d{3}")) {
            throw new IllegalArgumentException("currency must be a 3-digit ISO 4217 numeric code, got '" + currency + "'");
        }
        if (firstStan < 1 || firstStan > MAX_STAN) throw new IllegalArgumentException("STAN must be 1 to 999999");
        this.currency = currency;
        this.stan = new AtomicInteger(firstStan - 1);
    }

    private static String fixed(String what, String value, int length) {
        if (value == null || (value.isBlank() && length < 40)) throw new IllegalArgumentException(what + " is missing");
        if (value.length() > length) {
            if (length == 40) return value.substring(0, 40);
            throw new IllegalArgumentException(what + " '" + value + "' is longer than " + length + " characters");
        }
        return value + " ".repeat(length - value.length());
    }

    public String terminalId() {
        return terminalId.trim();
    }

    public ISOMsg purchase(CardData card, long amount) {
        return cardRequest("0200", TransactionType.PURCHASE.processingCode(), card, amount);
    }

    /** A keyed purchase that presents a one-time code (field 48 OT) instead of a card: the carrier number in field 2, no expiry. */
    public ISOMsg oneTimeCodePurchase(String carrierPan, String code, long amount) {
        ISOMsg m = purchase(CardData.keyed(carrierPan, "9912"), amount);
        m.unset(14);
        m.set(48, PrivateData.empty().with(PrivateData.ONE_TIME_CODE, code).format());
        return m;
    }

    public ISOMsg authorization(CardData card, long amount) {
        return cardRequest("0100", TransactionType.PURCHASE.processingCode(), card, amount);
    }

    public ISOMsg refund(CardData card, long amount) {
        return cardRequest("0200", TransactionType.REFUND.processingCode(), card, amount);
    }

    public ISOMsg load(CardData card, long amount) {
        return cardRequest("0200", TransactionType.LOAD.processingCode(), card, amount);
    }

    public ISOMsg balance(CardData card) {
        return cardRequest("0200", TransactionType.BALANCE_INQUIRY.processingCode(), card, 0);
    }

    /** 0220 capturing an earlier 0100 (amount at most the authorized one). */
    public ISOMsg completion(ISOMsg originalAuth, long amount) {
        return followUp("0220", originalAuth, amount);
    }

    /** 0220 that also carries the approval code (38) of the authorization's answer. */
    public ISOMsg completion(ISOMsg originalAuth, ISOMsg authAnswer, long amount) {
        ISOMsg m = completion(originalAuth, amount);
        if (authAnswer != null && authAnswer.hasField(38)) set(m, 38, authAnswer.getString(38));
        return m;
    }

    /** 0400 of an 0100 or 0200; field 4 is the amount that remains (0 for a full reversal). */
    public ISOMsg reversal(ISOMsg original, long remainingAmount) {
        return followUp("0400", original, remainingAmount);
    }

    /** 0420: a reversal the acquirer already decided on, to be acknowledged. */
    public ISOMsg reversalAdvice(ISOMsg original, long remainingAmount) {
        return followUp("0420", original, remainingAmount);
    }

    public ISOMsg echo() {
        return networkManagement(ECHO);
    }

    /** 0800 asking for new working keys (field 70 = 101): the 0810 carries them under the terminal master key. */
    public ISOMsg keyChange() {
        return networkManagement(KEY_CHANGE);
    }

    private ISOMsg networkManagement(String code) {
        ISOMsg m = new ISOMsg("0800");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        set(m, 7, TRANSMISSION.format(now));
        set(m, 11, nextStan());
        set(m, 41, terminalId);
        set(m, 42, merchantId);
        set(m, 70, code);
        return m;
    }

    /** A copy sent again: same fields, MTI ending in 1 (0200 to 0201). */
    public static ISOMsg repeat(ISOMsg original) {
        ISOMsg m = (ISOMsg) original.clone();
        String mti = mti(original);
        try {
            m.setMTI(mti.substring(0, 3) + '1');
        } catch (ISOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return m;
    }

    /** A copy that says the terminal accepts a partial approval (field 48 PA=Y). */
    public static ISOMsg withPartialApproval(ISOMsg request) {
        ISOMsg m = (ISOMsg) request.clone();
        set(m, 48, PrivateData.parse(request.getString(48)).with(PrivateData.PARTIAL_APPROVAL, "Y").format());
        return m;
    }

    /** Next STAN: 000001 to 999999, then round again. */
    String nextStan() {
        int s = stan.updateAndGet(v -> v >= MAX_STAN ? 1 : v + 1);
        return pad6(s);
    }

    private ISOMsg cardRequest(String mti, String processingCode, CardData card, long amount) {
        if (card == null) throw new IllegalArgumentException("card data is missing");
        ISOMsg m = header(mti, processingCode, amount);
        if (card.isSwiped()) {
            set(m, 35, card.track2());
            set(m, 22, ENTRY_SWIPED);
        } else {
            set(m, 2, card.pan());
            set(m, 14, card.expiry());
            set(m, 22, ENTRY_KEYED);
        }
        set(m, 37, nextRrn());
        return m;
    }

    private ISOMsg followUp(String mti, ISOMsg original, long amount) {
        String originalMti = mti(original);
        String originalStan = original.getString(11);
        String originalTime = original.getString(7);
        if (originalStan == null || originalTime == null) {
            throw new IllegalArgumentException("the original needs its STAN (11) and transmission time (7)");
        }
        String processingCode = original.hasField(3) ? original.getString(3) : TransactionType.PURCHASE.processingCode();
        ISOMsg m = header(mti, processingCode, amount);
        for (int f : new int[] {2, 14, 22, 25, 35, 41, 42, 43, 49}) {
            if (original.hasField(f)) set(m, f, original.getString(f));
        }
        set(m, 37, original.hasField(37) ? original.getString(37) : nextRrn());
        set(m, 90, OriginalData.of(originalMti, originalStan, originalTime).format());
        return m;
    }

    private ISOMsg header(String mti, String processingCode, long amount) {
        if (amount < 0 || amount > 999_999_999_999L) throw new IllegalArgumentException("amount must be 0 to 999999999999 minor units");
        ISOMsg m = new ISOMsg(mti);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LocalDateTime local = now.withZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        set(m, 3, processingCode);
        set(m, 4, String.format("%012d", amount));
        set(m, 7, TRANSMISSION.format(now));
        set(m, 11, nextStan());
        set(m, 12, LOCAL_TIME.format(local));
        set(m, 13, LOCAL_DATE.format(local));
        set(m, 18, MERCHANT_CATEGORY);
        set(m, 25, CONDITION_NORMAL);
        set(m, 41, terminalId);
        set(m, 42, merchantId);
        set(m, 43, merchantName);
        set(m, 49, currency);
        return m;
    }

    /** A fresh RRN, 12 digits: year digit + day of year, then a JVM-wide sequence. */
    public static String nextRrn() {
        long seq = RRN_SEQUENCE.incrementAndGet() % 100_000_000L;
        return rrnDay() + String.format("%08d", seq);
    }

    private static String rrnDay() {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        return (now.getYear() % 10) + String.format("%03d", now.getDayOfYear());
    }

    private static String pad6(int n) {
        String s = Integer.toString(n);
        return "000000".substring(s.length()) + s;
    }

    private static String mti(ISOMsg m) {
        try {
            return m.getMTI();
        } catch (ISOException e) {
            throw new IllegalArgumentException("message has no MTI", e);
        }
    }

    private static void set(ISOMsg m, int field, String value) {
        m.set(field, value);
    }
}
