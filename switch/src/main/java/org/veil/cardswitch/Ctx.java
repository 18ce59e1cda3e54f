package org.veil.cardswitch;

/** Keys of the TransactionManager Context: the only hand-over between participants. */
public enum Ctx {
    /** The edge request (ISOMsg). */
    REQUEST,
    /** Where the answer goes (ISOSource: the edge connection). */
    SOURCE,
    /** The edge Dialect the request came in. */
    DIALECT,
    /** Acquirer institution id of the edge port (host field 32). */
    ACQUIRER,
    /** Where a framed request stopped unpacking (String): it holds only the fields before that point. */
    MALFORMED,
    /** System.nanoTime() when the frame was received. */
    RECEIVED_NANOS,
    /** The switch's own decision (ResponseCode) when it answers without the issuer's word. */
    RESPONSE_CODE,
    /** Why the switch decided, one line for the journal. */
    OUTCOME,
    /** The forced outcome (ForcedTreatment) of a test-harness rule that applies to this request, set by ForcedOutcome. */
    FORCED,
    /** The request's idempotency key (String), set by DuplicateCheck. */
    IDEMPOTENCY_KEY,
    /** True when this request claimed its key (the first of its kind). */
    KEY_OWNER,
    /** The request's content fingerprint, compared for same-key repeats. */
    FINGERPRINT,
    /** The MAC (EdgeMac) that verified the request's field 64, set by MacCheck: MacSigner MACs the answer with it. */
    MAC,
    /** The PIN block for the host message's field 52 (byte[8], format 0 under the zone PIN key), set by PinTranslator. */
    HOST_PIN_BLOCK,
    /** Field 48 of an answer the switch gives itself (String), e.g. the new keys of a key change. */
    ANSWER_PRIVATE_DATA,
    /** The issuer link (Routes.Link) picked by BinRouter. */
    LINK,
    /** The CMF request sent to the issuer. */
    HOST_REQUEST,
    /** The issuer's CMF answer. */
    HOST_ANSWER,
    /** The edge answer (ISOMsg) to send. */
    RESPONSE,
    /** True when RESPONSE is a journaled answer being resent. */
    REPLAY,
    /** The injected fault (control.Fault) SendResponse applies to RESPONSE, set by EdgeFault; journaled. */
    FAULT
}
