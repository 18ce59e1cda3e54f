package org.veil.terminal.scenario;

import java.util.Map;

/**
 * What a send step expects back: {@code count} answers (1 unless {@code answers: N}) checked against
 * {@code mti} and {@code fields} and arriving no sooner than {@code minMs} (for forced and injected delays), or none at all ({@code answer: none}), or the connection closed.
 */
record AnswerExpectation(Outcome outcome, int count, long minMs, FieldExpectation mti, Map<Integer, FieldExpectation> fields) {
    enum Outcome { ANSWER, NONE, CLOSED }

    static AnswerExpectation anyAnswer() {
        return new AnswerExpectation(Outcome.ANSWER, 1, 0, null, Map.of());
    }
}
