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

    /** This balance after a hold ({@code pending}) or posted debit of the account, read under its row lock before. */
    public Balance debited(long pending, long posted) {
        return new Balance(debitsPending + pending, debitsPosted + posted, creditsPending, creditsPosted);
    }

    /** This balance after a posted credit to the account, read under its row lock before. */
    public Balance credited(long posted) {
        return new Balance(debitsPending, debitsPosted, creditsPending, creditsPosted + posted);
    }
}
