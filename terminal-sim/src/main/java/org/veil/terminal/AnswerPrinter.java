package org.veil.terminal;

import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.veil.packagers.AdditionalAmounts;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.Dialect;
import org.veil.packagers.Mti;
import org.veil.packagers.OriginalData;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;
import org.veil.packagers.TransactionType;

/**
 * A request or answer as a person reads it: MTI meaning, field names, decoded codes and amounts.
 * The PAN is masked; track 2, PIN blocks (52, 48 P4), MAC (64), keys (48 PK, MK), key serial number (48 KS), CVV2
 * and one-time codes are never shown.
 */
public final class AnswerPrinter {
    private static final Map<String, String> MTI_MEANINGS = Map.ofEntries(
            Map.entry("0100", "authorization request"), Map.entry("0110", "authorization response"),
            Map.entry("0120", "authorization advice"), Map.entry("0130", "authorization advice response"),
            Map.entry("0200", "financial request"), Map.entry("0210", "financial response"),
            Map.entry("0220", "completion advice"), Map.entry("0230", "completion advice response"),
            Map.entry("0400", "reversal request"), Map.entry("0410", "reversal response"),
            Map.entry("0420", "reversal advice"), Map.entry("0430", "reversal advice response"),
            Map.entry("0800", "network management request"), Map.entry("0810", "network management response"));
    private static final Map<String, String> NETWORK_CODES = Map.of(
            "001", "sign-on", "002", "sign-off", "301", "echo", "101", "key change");

    /** CONTRACT.md's names for its fields; others take the packager's description. */
    private static final Map<Integer, String> FIELD_NAMES = Map.ofEntries(
            Map.entry(2, "PAN"), Map.entry(3, "processing code"), Map.entry(4, "amount"),
            Map.entry(7, "transmission date/time (UTC)"), Map.entry(11, "STAN"), Map.entry(12, "local time"),
            Map.entry(13, "local date"), Map.entry(14, "expiry"), Map.entry(18, "merchant category"),
            Map.entry(22, "POS entry mode"), Map.entry(25, "POS condition"), Map.entry(35, "track 2"),
            Map.entry(37, "retrieval reference number"), Map.entry(38, "approval code"), Map.entry(39, "response code"),
            Map.entry(41, "terminal id"), Map.entry(42, "merchant id"), Map.entry(43, "merchant name/location"),
            Map.entry(48, "private data"), Map.entry(49, "currency"), Map.entry(52, "PIN block"),
            Map.entry(54, "additional amounts"), Map.entry(55, "chip data"), Map.entry(64, "MAC"),
            Map.entry(70, "network management code"), Map.entry(90, "original data"));

    /** Field 48 tags whose values are never shown. */
    private static final Set<String> SECRET_TAGS = Set.of(PrivateData.CVV2, PrivateData.ONE_TIME_CODE,
            PrivateData.KEY_SERIAL_NUMBER, SecureTerminal.AES_PIN_BLOCK, SecureTerminal.NEW_TPK, SecureTerminal.NEW_TAK);

    private AnswerPrinter() {}

    /** The message, one field a line, under a one-line title. */
    public static String render(String title, ISOMsg m) {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append(": ").append(mtiLine(m)).append('\n');
        ISOPackager names = Dialect.TERMINAL.packager();
        for (int i = 2; i <= m.getMaxField(); i++) {
            if (!m.hasField(i)) continue;
            String name = FIELD_NAMES.get(i);
            if (name == null) name = names.getFieldDescription(m, i);
            sb.append(String.format("  %3d %-28s %s%n", i, name == null ? "" : shorten(name), value(m, i)));
        }
        return sb.toString();
    }

    public static String render(ISOMsg m) {
        return render(isResponse(m) ? "answer" : "request", m);
    }

    /** One line: MTI, response code and meaning, approved amount. */
    public static String summary(ISOMsg answer) {
        String rc = answer.getString(39);
        return mtiLine(answer) + (rc == null ? "" : ", " + responseCode(rc))
                + (answer.hasField(4) ? ", amount " + amount(answer) : "");
    }

    private static String mtiLine(ISOMsg m) {
        String mti = mti(m);
        String base = Mti.isWellFormed(mti) ? Mti.original(mti) : mti;
        String meaning = MTI_MEANINGS.getOrDefault(base, "unknown message type");
        return mti + " " + meaning + (base.equals(mti) ? "" : " (repeat)");
    }

    private static boolean isResponse(ISOMsg m) {
        String mti = mti(m);
        return Mti.isWellFormed(mti) && Mti.isResponse(mti);
    }

    private static String value(ISOMsg m, int field) {
        return switch (field) {
            case 2 -> CardNumbers.mask(m.getString(2));
            case 3 -> m.getString(3) + " " + processing(m.getString(3));
            case 4 -> amount(m);
            case 35 -> "(track 2, not shown)";
            case 39 -> responseCode(m.getString(39));
            case 48 -> privateData(m.getString(48));
            case 52 -> "(PIN block, not shown)";
            case 64 -> "(MAC, not shown)";
            case 54 -> additionalAmounts(m.getString(54));
            case 55 -> "(" + m.getBytes(55).length + " bytes of chip data)";
            case 70 -> m.getString(70) + " " + NETWORK_CODES.getOrDefault(m.getString(70), "");
            case 90 -> originalData(m.getString(90));
            default -> {
                Object v = m.getValue(field);
                yield v instanceof byte[] b ? HexFormat.of().withUpperCase().formatHex(b) : "'" + m.getString(field) + "'";
            }
        };
    }

    private static String processing(String code) {
        try {
            return switch (TransactionType.fromProcessingCode(code)) {
                case PURCHASE -> "purchase";
                case REFUND -> "refund";
                case LOAD -> "load";
                case BALANCE_INQUIRY -> "balance inquiry";
            };
        } catch (IllegalArgumentException e) {
            return "(unknown)";
        }
    }

    private static String amount(ISOMsg m) {
        String raw = m.getString(4);
        String currency = m.hasField(49) ? " " + m.getString(49) : "";
        try {
            return money(Long.parseLong(raw)) + currency + " (" + raw + ")";
        } catch (NumberFormatException e) {
            return "'" + raw + "'";
        }
    }

    private static String money(long minor) {
        return (minor < 0 ? "-" : "") + Math.abs(minor) / 100 + "." + String.format("%02d", Math.abs(minor) % 100);
    }

    private static String responseCode(String code) {
        try {
            return code + " " + ResponseCode.fromCode(code).meaning();
        } catch (IllegalArgumentException e) {
            return code + " (unknown code)";
        }
    }

    private static String privateData(String field48) {
        try {
            StringBuilder sb = new StringBuilder();
            PrivateData.parse(field48).asMap().forEach((tag, v) -> {
                sb.append(sb.isEmpty() ? "" : " ").append(tag).append('=').append(SECRET_TAGS.contains(tag) ? "***" : v);
            });
            return sb.toString();
        } catch (IllegalArgumentException e) {
            return "(malformed: " + e.getMessage() + ")";
        }
    }

    private static String additionalAmounts(String field54) {
        try {
            StringBuilder sb = new StringBuilder();
            for (AdditionalAmounts.Amount a : AdditionalAmounts.parse(field54)) {
                String type = switch (a.amountType()) {
                    case AdditionalAmounts.LEDGER -> "ledger";
                    case AdditionalAmounts.AVAILABLE -> "available";
                    default -> "type " + a.amountType();
                };
                sb.append(sb.isEmpty() ? "" : ", ").append(type).append(' ').append(money(a.minorUnits()))
                        .append(' ').append(a.currency());
            }
            return sb.toString();
        } catch (IllegalArgumentException e) {
            return "'" + field54 + "' (" + e.getMessage() + ")";
        }
    }

    private static String originalData(String field90) {
        try {
            OriginalData od = OriginalData.parse(field90);
            return "MTI " + od.mti() + ", STAN " + od.stan() + ", time " + od.transmissionDateTime()
                    + ", acquirer " + od.acquirerId() + ", forwarder " + od.forwarderId();
        } catch (IllegalArgumentException e) {
            return "'" + field90 + "'";
        }
    }

    private static String shorten(String name) {
        return name.length() > 28 ? name.substring(0, 28).toLowerCase() : name;
    }

    private static String mti(ISOMsg m) {
        try {
            return m.getMTI();
        } catch (ISOException e) {
            return "????";
        }
    }
}
