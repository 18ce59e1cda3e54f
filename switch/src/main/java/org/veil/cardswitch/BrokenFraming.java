package org.veil.cardswitch;

import java.io.EOFException;

/**
 * The length prefix of a frame cannot be trusted, so nothing after it can be: the edge
 * session must end. An EOFException so ISOServer closes the connection without a trace.
 */
final class BrokenFraming extends EOFException {
    BrokenFraming(String message) {
        super(message);
    }
}
