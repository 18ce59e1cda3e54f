package org.veil.issuer.ledger;

/** TigerBeetle-style running totals of one account, in minor units. */
public record Balance(long debitsPending, long debitsPosted, long creditsPending, long creditsPosted) {
    /** Posted balance: what the account holds after every posted transfer. */
    public long ledger() {
        return creditsPosted - debitsPosted;
    }

    /** Posted balance less the holds placed on it. */
    public long available() {
        return creditsPosted - debitsPosted - debitsPending;
    }
}
