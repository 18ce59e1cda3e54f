package org.veil.packagers;

import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.jpos.iso.packager.GenericPackager;

/**
 * The three ISO 8583 dialects Veil speaks. Field layouts are data (GenericPackager XML);
 * framing is the channel's job (see CONTRACT.md and HOST-DIALECT.md).
 */
public enum Dialect {
    /** POS terminals: NACChannel framing, BCD/binary ISO 8583:1987. */
    TERMINAL("jar:org/veil/packagers/terminal.xml"),
    /** Acquiring VANs: ASCIIChannel framing, ASCII ISO 8583:1987. */
    VAN("jar:org/veil/packagers/van.xml"),
    /** Switch to issuer: jPOS CMF as shipped in the jPOS jar, 2-byte length framing. */
    HOST("jar:packager/cmf.xml");

    private final String definition;
    private volatile ISOPackager packager;

    Dialect(String definition) {
        this.definition = definition;
    }

    public String definition() {
        return definition;
    }

    /** One shared packager per dialect: GenericPackager is stateless once built. */
    public ISOPackager packager() {
        ISOPackager p = packager;
        if (p == null) {
            synchronized (this) {
                if (packager == null) {
                    try {
                        packager = new GenericPackager(definition);
                    } catch (ISOException e) {
                        throw new IllegalStateException("cannot load packager " + definition, e);
                    }
                }
                p = packager;
            }
        }
        return p;
    }

    /**
     * What a MAC (field 64) covers: the message as this dialect packs it without field 64 (MTI, bitmap without bit
     * 64, every other field including those after 64), without length prefix or TPDU. Terminal and switch both
     * compute it here, so they agree byte for byte.
     */
    public byte[] macInput(ISOMsg m) throws ISOException {
        ISOMsg copy = (ISOMsg) m.clone();
        copy.unset(64);
        copy.setPackager(packager());
        return copy.pack();
    }

    public static Dialect parse(String name) {
        for (Dialect d : values()) {
            if (d.name().equalsIgnoreCase(name)) return d;
        }
        throw new IllegalArgumentException("unknown dialect '" + name + "' (expected terminal, van or host)");
    }
}
