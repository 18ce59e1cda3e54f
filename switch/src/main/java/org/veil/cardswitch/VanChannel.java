package org.veil.cardswitch;

import java.io.IOException;
import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.ASCIIChannel;

/**
 * VAN edge framing: ASCIIChannel (4 ASCII digits of length) that closes the session when the
 * length is not four digits or is absurd, and hands on what a framed but malformed message
 * held, marked, so the session lives on and it can be answered.
 */
public class VanChannel extends ASCIIChannel {
    private static final int LENGTH_DIGITS = 4;

    @Override
    public void setConfiguration(Configuration cfg) throws ConfigurationException {
        super.setConfiguration(cfg);
        setPackager(EdgeFraming.packager(cfg));
    }

    /** Strict where Integer.parseInt is not: "-001", "+123" or " 123" would leave the stream out of step. */
    @Override
    protected int getMessageLength() throws IOException {
        byte[] digits = new byte[LENGTH_DIGITS];
        int len = 0;
        while (len == 0) { // "0000" is a keep-alive, as in ASCIIChannel
            serverIn.readFully(digits);
            for (byte d : digits) {
                if (d < '0' || d > '9') throw EdgeFraming.broken("length prefix is not " + LENGTH_DIGITS + " ASCII digits", String.valueOf(getSocket()));
                len = len * 10 + (d - '0');
            }
        }
        return EdgeFraming.check(len, getMaxPacketLength(), String.valueOf(getSocket()));
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
