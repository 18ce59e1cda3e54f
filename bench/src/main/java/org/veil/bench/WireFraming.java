package org.veil.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import org.veil.packagers.Dialect;

/**
 * Server-side framing of the three dialects (CONTRACT.md, HOST-DIALECT.md): a length prefix, then
 * for TERMINAL a 5-byte TPDU that the answer carries with its NIIs swapped.
 */
enum WireFraming {
    /** 2-byte big-endian length, TPDU, BCD message. */
    TERMINAL(Dialect.TERMINAL, false, 5),
    /** 4 ASCII digits of length, ASCII message. */
    VAN(Dialect.VAN, true, 0),
    /** 2-byte big-endian length, CMF message, no header. */
    HOST(Dialect.HOST, false, 0);

    private static final byte TPDU_ID = 0x60;

    final Dialect dialect;
    final boolean asciiLength;
    final int headerLength;

    WireFraming(Dialect dialect, boolean asciiLength, int headerLength) {
        this.dialect = dialect;
        this.asciiLength = asciiLength;
        this.headerLength = headerLength;
    }

    int prefixLength() {
        return asciiLength ? 4 : 2;
    }

    int maxLength() {
        return asciiLength ? 9999 : 0xFFFF;
    }

    /** The length the prefix at {@code index} announces (header included). */
    int readLength(ByteBuf in, int index) {
        if (!asciiLength) return in.getUnsignedShort(index);
        int length = 0;
        for (int i = 0; i < 4; i++) {
            int c = in.getByte(index + i);
            if (c < '0' || c > '9') throw new CorruptedFrameException("frame length is not 4 ASCII digits");
            length = length * 10 + (c - '0');
        }
        return length;
    }

    void writeLength(ByteBuf out, int length) {
        if (length > maxLength()) throw new IllegalArgumentException("frame of " + length + " bytes does not fit the " + name() + " length prefix");
        if (!asciiLength) {
            out.writeShort(length);
            return;
        }
        out.writeByte('0' + length / 1000).writeByte('0' + length / 100 % 10)
                .writeByte('0' + length / 10 % 10).writeByte('0' + length % 10);
    }

    /** The header of the answer to a request with this header: the TPDU's NIIs swapped. */
    byte[] answerHeader(byte[] requestHeader) {
        if (headerLength == 0) return requestHeader;
        if (requestHeader[0] != TPDU_ID) throw new CorruptedFrameException("TPDU does not start with 60");
        return new byte[] {TPDU_ID, requestHeader[3], requestHeader[4], requestHeader[1], requestHeader[2]};
    }
}
