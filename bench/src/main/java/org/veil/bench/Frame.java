package org.veil.bench;

/** One framed message: its header (the TERMINAL TPDU, else empty) and the packed ISO 8583 bytes. */
record Frame(byte[] header, byte[] message) {}
