package org.veil.packagers;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Map;
import org.jpos.iso.ISOAmount;
import org.jpos.iso.ISOComponent;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;

/**
 * Normalisation between the edge dialects (ISO 8583:1987) and the host dialect (jPOS CMF).
 * The field-by-field mapping is documented in packagers/HOST-DIALECT.md; keep both in step.
 */
public final class HostMessages {
    /** Edge field 70 network management codes and their CMF function codes (host field 24). */
    private static final Map<String, String> FUNCTION_CODES = Map.of(
            "001", "801", "002", "802", "301", "831", "101", "811");

    /** Edge fields copied to the same host field unchanged. */
    private static final int[] SAME_FIELDS = {2, 3, 7, 14, 35, 37, 38, 48, 52, 54, 55};

    /** Minor-unit exponent per ISO 4217 numeric code, built once: the JDK builds a new set per call. */
    private static final Map<Integer, Integer> FRACTION_DIGITS = Currency.getAvailableCurrencies().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Currency::getNumericCode,
                    c -> Math.max(c.getDefaultFractionDigits(), 0), (a, b) -> a));

    private HostMessages() {}

    /** A host (CMF) request for an edge request. */
    public static ISOMsg toHost(ISOMsg edge, String acquirerId) throws ISOException {
        ISOMsg host = new ISOMsg(Mti.toHost(edge.getMTI()));
        host.setPackager(Dialect.HOST.packager());
        for (int f : SAME_FIELDS) copy(edge, f, host, f);
        if (edge.hasField(4)) {
            host.set(amount(Long.parseLong(edge.getString(4)), currencyOf(edge)));
        }
        if (edge.hasField(11)) host.set(11, digits(Long.parseLong(edge.getString(11)), 12));
        if (edge.hasField(12) || edge.hasField(13)) host.set(12, localDateTime(edge.getString(13), edge.getString(12)));
        copy(edge, 18, host, 26);
        if (acquirerId != null) host.set(32, acquirerId);
        if (edge.hasField(41)) host.set(41, edge.getString(41).trim());
        if (edge.hasField(42)) host.set(42, edge.getString(42).trim());
        if (edge.hasField(43)) {
            ISOMsg acceptor = new ISOMsg(43);
            acceptor.set(2, edge.getString(43).trim());
            host.set(acceptor);
        }
        if (edge.hasField(70)) {
            String fc = FUNCTION_CODES.get(edge.getString(70));
            if (fc == null) throw new ISOException("unknown network management code " + edge.getString(70));
            host.set(24, fc);
        }
        if (edge.hasField(90)) {
            OriginalData od = OriginalData.parse(edge.getString(90));
            host.set(56, Mti.toHost(od.mti()) + digits(Long.parseLong(od.stan()), 12)
                    + od.transmissionDateTime() + od.acquirerId());
        }
        return host;
    }

    /** Puts a host (CMF) answer into an edge response that already echoes the request. */
    public static void applyHostAnswer(ISOMsg hostAnswer, ISOMsg edgeResponse) throws ISOException {
        ResponseCode rc = ResponseCode.fromHostCode(hostAnswer.getString(39));
        edgeResponse.set(39, rc.code());
        copy(hostAnswer, 38, edgeResponse, 38);
        copy(hostAnswer, 54, edgeResponse, 54);
        copy(hostAnswer, 37, edgeResponse, 37);
        if (hostAnswer.hasField(4)) {
            edgeResponse.set(4, digits(minorUnits(hostAnswer), 12));
        }
    }

    /** Amount of host field 4 in minor units of its currency. */
    public static long minorUnits(ISOMsg host) throws ISOException {
        ISOComponent c = host.getComponent(4);
        if (!(c instanceof ISOAmount a)) throw new ISOException("host field 4 is not an amount");
        return a.getAmount().movePointRight(a.getScale()).longValueExact();
    }

    /** ISO 4217 numeric currency of host field 4, as 3 digits. */
    public static String currency(ISOMsg host) throws ISOException {
        ISOComponent c = host.getComponent(4);
        if (!(c instanceof ISOAmount a)) throw new ISOException("host field 4 is not an amount");
        return String.format("%03d", a.getCurrencyCode());
    }

    /** A host field 4 amount: currency, its minor-unit exponent and the amount. */
    public static ISOAmount amount(long minorUnits, String currencyNumeric) throws ISOException {
        int code = Integer.parseInt(currencyNumeric);
        int scale = fractionDigits(code);
        return new ISOAmount(4, code, BigDecimal.valueOf(minorUnits, scale));
    }

    /** Host field 11 (n12) back to the edge's 6-digit STAN. */
    public static String edgeStan(String hostStan) {
        return hostStan.substring(hostStan.length() - 6);
    }

    private static String currencyOf(ISOMsg edge) throws ISOException {
        String c = edge.getString(49);
        if (c == null || c.length() != 3 || !c.chars().allMatch(Character::isDigit)) {
            throw new ISOException("field 49 must be a 3-digit ISO 4217 numeric code");
        }
        return c;
    }

    private static int fractionDigits(int numeric) {
        return FRACTION_DIGITS.getOrDefault(numeric, 2);
    }

    private static String localDateTime(String mmdd, String hhmmss) throws ISOException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        String date = mmdd != null ? mmdd : digits(now.getMonthValue(), 2) + digits(now.getDayOfMonth(), 2);
        String time = hhmmss != null ? hhmmss : digits(now.getHour(), 2) + digits(now.getMinute(), 2) + digits(now.getSecond(), 2);
        return digits(now.getYear(), 4) + date + time;
    }

    /**
     * A number as exactly {@code length} digits, zeros in front. Not String.format: a Formatter per field on every
     * request was about 1 % of the switch's CPU (JFR, 2026-11-24).
     */
    static String digits(long value, int length) throws ISOException {
        if (value < 0) throw new ISOException("negative number " + value + " for a " + length + "-digit field");
        return ISOUtil.zeropad(Long.toString(value), length); // an ISOException when it does not fit
    }

    private static void copy(ISOMsg from, int fromField, ISOMsg to, int toField) throws ISOException {
        if (!from.hasField(fromField)) return;
        Object v = from.getValue(fromField);
        if (v instanceof byte[] b) to.set(toField, b);
        else to.set(toField, (String) v);
    }
}
