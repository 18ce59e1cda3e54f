package org.veil.e2e;

import org.jpos.iso.ISOMsg;
import org.veil.terminal.IsoClient;

/** Where a scripted flow reports its steps: the demo prints them, a test asserts them. */
interface Transcript {
    /** A step that is not one ISO answer (an API answer, a ledger figure); returns {@code asExpected}. */
    boolean check(String label, boolean asExpected, String shown);

    /** Sends one ISO request and compares its response code; returns the answer. */
    ISOMsg step(IsoClient client, String label, ISOMsg request, String expected, String cardRef) throws Exception;
}
