package org.veil.cardswitch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Dialect;

/** What both edge channels share: the dialect's packager, the frame length limit and lenient unpacking. */
final class EdgeFraming {
    private static final Logger log = LoggerFactory.getLogger(EdgeFraming.class);
    /** jPOS field packagers start their message with this; what follows it may quote the frame's data. */
    private static final Pattern FAILED_FIELD = Pattern.compile("^[\\w.$]+: Problem unpacking field (\\d+)");

    private EdgeFraming() {}

    /** The packager of the channel's {@code dialect} property. */
    static ISOPackager packager(Configuration cfg) throws ConfigurationException {
        try {
            return Dialect.parse(cfg.get("dialect", "")).packager();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /** Ends the session when a length is beyond what any frame of this dialect may be. */
    static int check(int len, int max, String peer) throws BrokenFraming {
        if (len > max) throw broken("frame length " + len + " exceeds " + max, peer);
        return len;
    }

    static BrokenFraming broken(String why, String peer) {
        log.warn("closing {}: {}", peer, why);
        return new BrokenFraming(why);
    }

    /**
     * Unpacks what it can of a framed message. A failure part-way (a length over a field's
     * maximum, data ending before the bitmap's last field, bytes after that field) keeps the
     * fields read so far and marks the request malformed, to be answered 30 when its MTI allows.
     * Letters in a numeric field unpack here; FieldRules answers them 30.
     */
    static void unpack(ISOMsg m, byte[] frame) {
        String where;
        try {
            int consumed = m.unpack(frame);
            if (consumed == frame.length) return;
            where = (frame.length - consumed) + " bytes after the last field";
        } catch (ISOException | RuntimeException e) {
            where = failedAt(e);
        }
        if (m instanceof EdgeRequest r) r.markMalformed(where);
    }

    /** Names the field that failed, never quoting the exception's text: it may hold card data. */
    private static String failedAt(Exception e) {
        Matcher f = FAILED_FIELD.matcher(String.valueOf(e.getMessage()));
        if (f.find()) return f.group(1).equals("0") ? "MTI does not unpack" : "field " + f.group(1) + " does not unpack";
        return "bitmap does not unpack (" + e.getClass().getSimpleName() + ")";
    }
}
