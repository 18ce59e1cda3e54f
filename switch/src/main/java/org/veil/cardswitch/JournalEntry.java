package org.veil.cardswitch;

/** One journal row: an edge request and the switch's answer, without card secrets. */
record JournalEntry(
        long receivedAt, String dialect, String mti, String responseMti,
        String idemKey, String repeatOf, String fingerprint,
        String terminalId, String merchantId, String stan, String transmission, String rrn,
        String maskedPan, String processingCode, Long amount, String currency,
        String link, String hostRc, String responseCode, String outcome, long elapsedMicros,
        String answer, String fault) {}
