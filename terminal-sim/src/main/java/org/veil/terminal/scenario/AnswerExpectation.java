package org.veil.terminal.scenario;

import java.util.Map;

/**
 * What a send step expects back: {@code count} answers (1 unless {@code answers: N}) checked against
 * {@code mti} and {@code fields}, or none at all ({@code answer: none}), or the connection closed.
 */
record AnswerExpectation(Outcome outcome, int count, FieldExpectation mti, Map<Integer, FieldExpectation> fields) {
    enum Outcome { ANSWER, NONE, CLOSED }

    static AnswerExpectation anyAnswer() {
        return new AnswerExpectation(Outcome.ANSWER, 1, null, Map.of());
    }
}
