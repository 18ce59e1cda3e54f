package org.veil.cardswitch;

import java.io.IOException;
import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.ASCIIChannel;

/**
 * VAN edge framing: ASCIIChannel (4 ASCII digits of length) that closes the session when the
 * length is not digits or is absurd, and skips a frame whose message cannot be unpacked.
 */
public class VanChannel extends ASCIIChannel {
    @Override
    public void setConfiguration(Configuration cfg) throws ConfigurationException {
        super.setConfiguration(cfg);
        setPackager(EdgeFraming.packager(cfg));
    }

    @Override
    protected int getMessageLength() throws IOException, ISOException {
        int len;
        try {
            len = super.getMessageLength();
        } catch (ISOException e) {
            throw EdgeFraming.broken(e.getMessage(), String.valueOf(getSocket()));
        }
        return EdgeFraming.check(len, getMaxPacketLength(), String.valueOf(getSocket()));
    }

    @Override
    protected void unpack(ISOMsg m, byte[] b) throws ISOException {
        try {
            super.unpack(m, b);
        } catch (RuntimeException e) {
            throw new ISOException("unpack: " + e, e);
        }
    }
}
