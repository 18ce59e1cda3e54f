package org.veil.cardswitch;

import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOPackager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Dialect;

/** What both edge channels share: the dialect's packager and the frame length limit. */
final class EdgeFraming {
    private static final Logger log = LoggerFactory.getLogger(EdgeFraming.class);

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
}
