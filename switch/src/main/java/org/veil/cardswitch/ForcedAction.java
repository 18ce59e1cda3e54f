package org.veil.cardswitch;

import org.veil.packagers.ResponseCode;

/** What a forced-outcome rule does to a request it matches: exactly one of these. */
sealed interface ForcedAction {
    /** Answer with this code; nothing is forwarded, nothing moves. */
    record Respond(ResponseCode code) implements ForcedAction {}

    /** Wait, then take the real path. */
    record Delay(long millis) implements ForcedAction {}

    /** Forward nothing and answer nothing: the terminal times out. */
    record NoAnswer() implements ForcedAction {}

    /** Ask the issuer for part of the amount only: a percentage (1..99) of it, or a fixed amount in minor units. */
    record Partial(int percent, long amount) implements ForcedAction {
        /** The amount to ask for out of {@code requested}, or -1 when the rule cannot narrow it (nothing, or not less). */
        long of(long requested) {
            long part = percent > 0 ? requested * percent / 100 : amount;
            return part > 0 && part < requested ? part : -1;
        }

        @Override
        public String toString() {
            return percent > 0 ? percent + "%" : String.valueOf(amount);
        }
    }
}
