package org.veil.cardswitch;

/** One fuzzed input: the exact bytes for the socket, and what a sound switch must do with them. */
record FuzzFrame(FuzzCategory category, byte[] bytes, boolean endOfStream, Expect expect, String mti) {
    enum Expect {
        /** An answer with response code 30 (format error). */
        ANSWER_30,
        /** An answer with response code 12 (a well-formed request of an MTI the contract does not know). */
        ANSWER_12,
        /** An answer with any response code of CONTRACT.md: the request was well-formed. */
        ANSWER_CONTRACT,
        /** No answer, the connection stays usable: there is no request MTI to answer. */
        SILENCE,
        /** The switch closes the connection without a byte: the framing cannot be trusted. */
        CLOSE,
        /** Whatever answers the random bytes happened to frame, then the connection closed. */
        ANSWERS_THEN_CLOSE
    }
}
