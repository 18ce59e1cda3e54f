package org.veil.cardswitch;

import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.veil.packagers.HostMessages;
import org.veil.packagers.ResponseCode;

/**
 * The forced outcome a request gets (Ctx.FORCED): the rule's name, its action and, for a partial
 * approval, the amount the issuer is asked for instead of field 4.
 */
record ForcedTreatment(String rule, ForcedAction action, long partialAmount) {
    /** No answer at all goes back to the edge. */
    boolean answersNothing() {
        return action instanceof ForcedAction.NoAnswer;
    }

    /** The issuer is asked for the partial amount, so it moves exactly what the terminal will be told. */
    void narrowHostRequest(ISOMsg host) throws ISOException {
        if (action instanceof ForcedAction.Partial) host.set(HostMessages.amount(partialAmount, HostMessages.currency(host)));
    }

    /** The issuer approved the partial amount in full: to the terminal that is a partial approval of its request. */
    void narrowAnswer(ISOMsg edgeAnswer) {
        if (action instanceof ForcedAction.Partial && ResponseCode.APPROVED.code().equals(edgeAnswer.getString(39))) {
            edgeAnswer.set(39, ResponseCode.PARTIAL_APPROVAL.code());
            edgeAnswer.set(4, String.format("%012d", partialAmount));
        }
    }

    /** One line for the journal and the log. */
    String describe() {
        return "forced: " + rule + switch (action) {
            case ForcedAction.Respond r -> "";
            case ForcedAction.NoAnswer n -> " (no answer)";
            case ForcedAction.Delay d -> " (delayed " + d.millis() + " ms)";
            case ForcedAction.Partial p -> " (partial " + p + ": " + partialAmount + " asked)";
        };
    }

    /**
     * The journal's outcome: a forced delay or partial approval takes the real path, whose outcome follows
     * the rule's name; a forced answer or silence is the whole outcome already.
     */
    static String journalOutcome(Context ctx) {
        String outcome = ctx.getString(Ctx.OUTCOME);
        ForcedTreatment forced = ctx.get(Ctx.FORCED);
        if (forced == null || forced.action() instanceof ForcedAction.Respond || forced.answersNothing()) return outcome;
        return forced.describe() + (outcome == null ? "" : "; " + outcome);
    }
}
