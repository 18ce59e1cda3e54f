package org.veil.cardswitch;

/** The kinds of bad input EdgeFuzzTest throws at the edge ports. */
enum FuzzCategory {
    RANDOM_STREAM(true, "random bytes on the socket, then end of stream"),
    TRUNCATED_LENGTH(true, "length prefix cut short, then end of stream"),
    OVERSIZED_LENGTH(true, "length prefix announcing more bytes than follow, then end of stream"),
    LENGTH_ABOVE_MAX(true, "length above the port's max-packet-length"),
    UNREADABLE_LENGTH(true, "length prefix that is no length (VAN: not 4 digits; TERMINAL: shorter than the TPDU)"),
    RANDOM_FRAME(false, "random bytes in a correct frame (empty frames included)"),
    BAD_BCD(false, "TERMINAL: a nibble A-F in a BCD numeric field or the MTI"),
    NON_NUMERIC_FIELD(false, "VAN: non-digits in a numeric field or the MTI"),
    NON_NUMERIC_AMOUNT(false, "non-numeric amount in field 4"),
    ABSENT_FIELDS(false, "bitmap announcing fields that are not there"),
    FIELD_TOO_LONG(false, "field longer than its maximum (LL/LLL over the limit, or extra bytes in a fixed field)"),
    UNKNOWN_MTI(false, "an MTI outside the contract (requests, responses, other versions, non-digits)"),
    TRAILING_BYTES(false, "bytes after the last field the bitmap announces"),
    MUTATED_FIELD(false, "a valid request with one part (MTI, bitmap or a field) mutated");

    /** True when the frame breaks the framing itself, so the switch must close the connection. */
    final boolean closing;
    final String description;

    FuzzCategory(boolean closing, String description) {
        this.closing = closing;
        this.description = description;
    }
}
