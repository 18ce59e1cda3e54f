package org.veil.cardswitch;

/**
 * A request whose idempotency key is taken: its fingerprint, and once answered the answer
 * as journaled (packed edge answer in hex, without field 2) and that answer's dialect.
 */
final class KnownRequest {
    final String fingerprint;
    private volatile String answer;
    private volatile String dialect;

    KnownRequest(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    KnownRequest(String fingerprint, String answer, String dialect) {
        this(fingerprint);
        answered(answer, dialect);
    }

    void answered(String answer, String dialect) {
        this.dialect = dialect;
        this.answer = answer;
    }

    /** Null while the request is still in flight. */
    String answer() {
        return answer;
    }

    String dialect() {
        return dialect;
    }
}
