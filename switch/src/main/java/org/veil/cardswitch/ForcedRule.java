package org.veil.cardswitch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.Mti;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;

/**
 * One rule of cfg/switch/forced-outcomes.yml: whom it is for (merchants, terminals, card prefixes: every one
 * given must match), which requests (MTI, processing code, amount ending) and what it does.
 */
record ForcedRule(String name, Set<String> merchants, Set<String> terminals, List<String> cardPrefixes,
                  Set<String> mtis, Set<String> processingCodes, String amountEndsWith, ForcedAction action) {
    private static final Set<String> KEYS = Set.of("name", "merchants", "terminals", "card-prefixes", "mti",
            "processing-codes", "amount-ends-with", "respond", "delay-ms", "no-answer", "partial");
    private static final List<String> ACTIONS = List.of("respond", "delay-ms", "no-answer", "partial");
    /** Requests that reach ForcedOutcome (0800 is answered before it); repeats match their base MTI. */
    private static final Set<String> REQUEST_MTIS = Set.of("0100", "0120", "0200", "0220", "0400", "0420");
    private static final Set<String> MONEY_REQUESTS = Set.of("0100", "0200");
    static final long MAX_DELAY_MS = 60_000;

    /** What this rule does to the request, or null when it does not apply to it. */
    ForcedTreatment match(ISOMsg req) {
        String mti = req.getString(0);
        if (!Mti.isWellFormed(mti) || !mtis.contains(Mti.original(mti))) return null;
        if (!merchants.isEmpty() && !merchants.contains(RequestKeys.trim(req.getString(42)))) return null;
        if (!terminals.isEmpty() && !terminals.contains(RequestKeys.trim(req.getString(41)))) return null;
        if (!cardPrefixes.isEmpty()) {
            String pan = RequestKeys.pan(req);
            if (pan == null || cardPrefixes.stream().noneMatch(pan::startsWith)) return null;
        }
        String pc = req.getString(3);
        if (!processingCodes.isEmpty() && (pc == null || pc.length() < 2 || !processingCodes.contains(pc.substring(0, 2)))) return null;
        String amount = req.getString(4);
        if (amountEndsWith != null && (amount == null || !amount.endsWith(amountEndsWith))) return null;
        if (!(action instanceof ForcedAction.Partial p)) return new ForcedTreatment(name, action, -1);
        long part = partialCapable(req) ? p.of(requested(amount)) : -1;
        return part > 0 ? new ForcedTreatment(name, action, part) : null;
    }

    /** Only a terminal that said PA=Y (field 48) may be told 10. */
    private static boolean partialCapable(ISOMsg req) {
        try {
            return PrivateData.parse(req.getString(48)).isYes(PrivateData.PARTIAL_APPROVAL);
        } catch (IllegalArgumentException e) {
            return false; // field 48 the issuer will judge; no partial approval promised on it
        }
    }

    private static long requested(String amount) {
        try {
            return amount == null ? -1 : Long.parseLong(amount);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads one rule; {@code where} names the file and the rule's place in it for the one-line error. */
    static ForcedRule parse(Map<?, ?> m, String where) throws ConfigurationException {
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) throw new ConfigurationException(where + ": unknown key '" + k + "'");
        }
        Object nameNode = m.get("name");
        if (!(nameNode instanceof String name) || name.isBlank()) throw new ConfigurationException(where + ": needs a 'name' (text)");
        name = name.strip();
        where = where + " '" + name + "'";
        Set<String> merchants = Set.copyOf(texts(m, "merchants", where, null));
        Set<String> terminals = Set.copyOf(texts(m, "terminals", where, null));
        List<String> cardPrefixes = texts(m, "card-prefixes", where, "[0-9]{1,19}");
        if (merchants.isEmpty() && terminals.isEmpty() && cardPrefixes.isEmpty()) {
            throw new ConfigurationException(where + ": names no merchants, terminals or card-prefixes (a rule must say whom it is for)");
        }
        Set<String> mtis = m.containsKey("mti") ? Set.copyOf(texts(m, "mti", where, "[0-9]{4}")) : MONEY_REQUESTS;
        for (String mti : mtis) {
            if (!REQUEST_MTIS.contains(mti)) {
                throw new ConfigurationException(where + ": mti " + mti + " is not one of " + String.join(", ", REQUEST_MTIS.stream().sorted().toList())
                        + " (repeats match their base MTI)");
            }
        }
        if (mtis.isEmpty()) throw new ConfigurationException(where + ": 'mti' lists nothing (leave it out for 0100 and 0200)");
        Set<String> processingCodes = Set.copyOf(texts(m, "processing-codes", where, "[0-9]{2}"));
        String amountEndsWith = null;
        if (m.containsKey("amount-ends-with")) amountEndsWith = text(m.get("amount-ends-with"), "amount-ends-with", where, "[0-9]{1,12}");
        ForcedAction action = action(m, where);
        if (action instanceof ForcedAction.Partial && !MONEY_REQUESTS.containsAll(mtis)) {
            throw new ConfigurationException(where + ": partial applies to 0100 and 0200 only");
        }
        return new ForcedRule(name, merchants, terminals, cardPrefixes, mtis, processingCodes, amountEndsWith, action);
    }

    private static ForcedAction action(Map<?, ?> m, String where) throws ConfigurationException {
        List<String> given = ACTIONS.stream().filter(m::containsKey).toList();
        if (given.size() != 1) {
            throw new ConfigurationException(where + ": needs exactly one of " + String.join(", ", ACTIONS)
                    + (given.isEmpty() ? ", it has none" : ", it has " + String.join(" and ", given)));
        }
        Object v = m.get(given.get(0));
        return switch (given.get(0)) {
            case "respond" -> respond(text(v, "respond", where, null), where);
            case "delay-ms" -> {
                if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 1 || ((Number) v).longValue() > MAX_DELAY_MS) {
                    throw new ConfigurationException(where + ": delay-ms must be a whole number of milliseconds 1.." + MAX_DELAY_MS + ", got '" + v + "'");
                }
                yield new ForcedAction.Delay(((Number) v).longValue());
            }
            case "no-answer" -> {
                if (!Boolean.TRUE.equals(v)) throw new ConfigurationException(where + ": no-answer must be true, got '" + v + "'");
                yield new ForcedAction.NoAnswer();
            }
            default -> partial(v, where);
        };
    }

    private static ForcedAction respond(String code, String where) throws ConfigurationException {
        ResponseCode rc;
        try {
            rc = ResponseCode.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": respond '" + code + "' is not a response code of the contract");
        }
        if (rc.approved()) throw new ConfigurationException(where + ": respond cannot be " + code + " (use partial for a partial approval)");
        return new ForcedAction.Respond(rc);
    }

    private static ForcedAction partial(Object v, String where) throws ConfigurationException {
        String s = String.valueOf(v).strip();
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() > 0) return new ForcedAction.Partial(0, ((Number) v).longValue());
        if (v instanceof String && s.matches("[1-9][0-9]?%")) return new ForcedAction.Partial(Integer.parseInt(s.substring(0, s.length() - 1)), 0);
        if (v instanceof String && s.matches("[1-9][0-9]{0,11}")) return new ForcedAction.Partial(0, Long.parseLong(s));
        throw new ConfigurationException(where + ": partial must be a percentage 1%..99% or an amount in minor units above 0, got '" + v + "'");
    }

    /** A list of quoted texts: YAML reads unquoted 05 as the number 5, so digits must be quoted to mean what they say. */
    private static List<String> texts(Map<?, ?> m, String key, String where, String format) throws ConfigurationException {
        Object v = m.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l)) throw new ConfigurationException(where + ": '" + key + "' must be a list, e.g. [\"...\"]");
        List<String> out = new ArrayList<>();
        for (Object o : l) out.add(text(o, key, where, format));
        return List.copyOf(out);
    }

    private static String text(Object v, String key, String where, String format) throws ConfigurationException {
        if (!(v instanceof String s) || s.isBlank()) {
            throw new ConfigurationException(where + ": " + key + " value " + v + " must be quoted text, e.g. \"05\"");
        }
        s = s.strip();
        if (format != null && !s.matches(format)) throw new ConfigurationException(where + ": " + key + " '" + s + "' must match " + format);
        return s;
    }
}
