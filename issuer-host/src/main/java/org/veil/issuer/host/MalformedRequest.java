package org.veil.issuer.host;

/** A request the issuer cannot read: answered with a format error (edge 30), never a stack trace. */
public class MalformedRequest extends Exception {
    public MalformedRequest(String message) {
        super(message, null, false, false);
    }
}
