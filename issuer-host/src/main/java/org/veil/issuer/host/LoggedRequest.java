package org.veil.issuer.host;

/** A row of the request log: the stored answer and, for an original, what of it is still in force. */
record LoggedRequest(long id, String digest, String mti, Long cardId, Long amount, String currency, String actionCode,
                     String approvalCode, Long approvedAmount, String balances, String effect, long remaining,
                     Long holdId, Long merchantAccountId, Long originalId) {
    /** The effect of a row a reversal wrote in place of an original that had not arrived yet. */
    static final String REVERSED_BEFORE_ARRIVAL = "REVERSED";

    boolean reversedBeforeArrival() {
        return REVERSED_BEFORE_ARRIVAL.equals(effect);
    }

    Answer answer() {
        return new Answer(actionCode, approvalCode, approvedAmount, currency, balances);
    }
}
