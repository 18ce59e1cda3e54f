package org.veil.cardswitch;

import org.jpos.iso.ISOMsg;

/** What every edge answer takes from its request: the channel's packager and header. */
final class EdgeAnswers {
    private EdgeAnswers() {}

    static void address(ISOMsg request, ISOMsg answer) {
        answer.setPackager(request.getPackager());
        byte[] header = request.getHeader();
        // a copy: NACChannel swaps the TPDU's NIIs in place when it sends
        if (header != null) answer.setHeader(header.clone());
        answer.setDirection(ISOMsg.OUTGOING);
    }
}
