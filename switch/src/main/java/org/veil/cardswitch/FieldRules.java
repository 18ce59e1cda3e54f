package org.veil.cardswitch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.IFA_LLLNUM;
import org.jpos.iso.IFA_LLNUM;
import org.jpos.iso.IFA_NUMERIC;
import org.jpos.iso.IFB_LLLNUM;
import org.jpos.iso.IFB_LLNUM;
import org.jpos.iso.IFB_NUMERIC;
import org.jpos.iso.ISOBasePackager;
import org.jpos.iso.ISOFieldPackager;
import org.jpos.iso.ISOMsg;

/**
 * Which fields each request MTI must carry and what a present field must look like,
 * from cfg/switch/mandatory-fields.yml. A requirement "2|35" is met by either field. A present
 * field without a format must still be digits when its dialect packs it as numeric (n).
 */
final class FieldRules {
    /** jPOS field packagers of n fields: they pack and unpack letters without complaint. */
    private static final Set<Class<?>> NUMERIC = Set.of(
            IFB_NUMERIC.class, IFA_NUMERIC.class, IFB_LLNUM.class, IFA_LLNUM.class, IFB_LLLNUM.class, IFA_LLLNUM.class);
    private final Map<String, List<int[]>> mandatory;
    private final Map<Integer, Pattern> formats;

    private FieldRules(Map<String, List<int[]>> mandatory, Map<Integer, Pattern> formats) {
        this.mandatory = mandatory;
        this.formats = formats;
    }

    static FieldRules load(String file) throws ConfigurationException {
        Map<String, Object> root = YamlConfig.load(file);
        Map<String, List<int[]>> mandatory = new HashMap<>();
        if (!(root.get("mandatory") instanceof Map<?, ?> mm)) throw new ConfigurationException(file + ": 'mandatory' must map MTIs to field lists");
        for (Map.Entry<?, ?> e : mm.entrySet()) {
            String mti = String.valueOf(e.getKey());
            if (!mti.matches("[0-9]{4}")) throw new ConfigurationException(file + ": MTI '" + mti + "' must be 4 digits (quote it)");
            List<int[]> reqs = new ArrayList<>();
            if (!(e.getValue() instanceof List<?> l)) throw new ConfigurationException(file + ": fields of " + mti + " must be a list");
            for (Object f : l) {
                String[] alts = String.valueOf(f).split("\\|");
                int[] fields = new int[alts.length];
                for (int i = 0; i < alts.length; i++) fields[i] = fieldNumber(alts[i], file);
                reqs.add(fields);
            }
            mandatory.put(mti, List.copyOf(reqs));
        }
        Map<Integer, Pattern> formats = new HashMap<>();
        if (root.get("formats") instanceof Map<?, ?> fm) {
            for (Map.Entry<?, ?> e : fm.entrySet()) {
                try {
                    formats.put(fieldNumber(String.valueOf(e.getKey()), file), Pattern.compile(String.valueOf(e.getValue())));
                } catch (PatternSyntaxException p) {
                    throw new ConfigurationException(file + ": the format of field " + e.getKey() + " is not a valid regular expression");
                }
            }
        }
        return new FieldRules(mandatory, formats);
    }

    private static int fieldNumber(String s, String file) throws ConfigurationException {
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 2 && n <= 128) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ConfigurationException(file + ": '" + s.trim() + "' is not a field number (2 to 128)");
    }

    boolean supports(String mti) {
        return mandatory.containsKey(mti);
    }

    /** Null when the request is well formed, else one line saying what is wrong. */
    String problem(ISOMsg m) {
        List<int[]> reqs = mandatory.get(m.getString(0));
        if (reqs == null) return "unsupported MTI";
        for (int[] alts : reqs) {
            boolean found = false;
            for (int f : alts) found |= m.hasField(f);
            if (!found) return "missing field " + (alts.length == 1 ? alts[0] : java.util.Arrays.toString(alts));
        }
        for (Map.Entry<Integer, Pattern> e : formats.entrySet()) {
            int f = e.getKey();
            if (!m.hasField(f)) continue;
            Object v = m.getValue(f);
            if (v instanceof String s && !e.getValue().matcher(s).matches()) return "ill-formed field " + f;
        }
        if (m.getPackager() instanceof ISOBasePackager p) {
            for (int f = 2; f <= m.getMaxField(); f++) {
                if (!m.hasField(f) || formats.containsKey(f)) continue;
                ISOFieldPackager fp = p.getFieldPackager(f);
                if (fp != null && NUMERIC.contains(fp.getClass()) && m.getValue(f) instanceof String s && !digits(s)) {
                    return "non-numeric field " + f;
                }
            }
        }
        return null;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
