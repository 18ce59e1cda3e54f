package org.veil.cardswitch;

import java.io.IOException;
import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;

/**
 * TERMINAL edge framing: NACChannel (2-byte length, 5-byte TPDU, swapped in the answer) that
 * closes the session on an absurd length instead of reading on out of step, and hands on what
 * a framed but malformed message held, marked, so the session lives on and it can be answered.
 */
public class TerminalChannel extends NACChannel {
    @Override
    public void setConfiguration(Configuration cfg) throws ConfigurationException {
        super.setConfiguration(cfg);
        setPackager(EdgeFraming.packager(cfg));
    }

    @Override
    protected int getMessageLength() throws IOException, ISOException {
        int len = EdgeFraming.check(super.getMessageLength(), getMaxPacketLength(), String.valueOf(getSocket()));
        // a frame shorter than its own TPDU cannot be framed, let alone parsed
        if (len > 0 && len < getHeaderLength()) throw EdgeFraming.broken("frame length " + len + " shorter than the TPDU", String.valueOf(getSocket()));
        return len;
    }

    @Override
    protected ISOMsg createISOMsg() {
        return new EdgeRequest();
    }

    @Override
    protected void unpack(ISOMsg m, byte[] b) {
        EdgeFraming.unpack(m, b);
    }
}
