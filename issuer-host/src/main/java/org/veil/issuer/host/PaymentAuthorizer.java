package org.veil.issuer.host;

import java.sql.Connection;
import java.sql.SQLException;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardUse;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.confirm.Confirmations;
import org.veil.issuer.card.Product;
import org.veil.issuer.card.ProductCatalog;
import org.veil.issuer.card.CardRepository;
import org.veil.issuer.ledger.AccountDirectory;
import org.veil.issuer.ledger.Balance;
import org.veil.issuer.ledger.Ledger;
import org.veil.issuer.topup.LoadLimits;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.ResponseCode;
import org.veil.packagers.TransactionType;

/**
 * Decides 2100 (hold), 2120 (hold as advised), and 2200 (purchase, refund, load, balance inquiry): the card
 * rules in the documented order (state and expiry, then the card verification values presented: 05, then the PIN
 * presented: 55 / 75), then one ledger movement on the locked card account. Every kind but the advice checks what it
 * presents; a refund, load or balance inquiry that carries a PIN has it checked (and counted) like a purchase.
 * A one-time code (field 48 OT) names the card instead of field 2; a code, a single-use or a merchant-locked card is
 * judged under the card row's lock ({@link SpendRules}), and burns, closes or locks in the debit's transaction.
 */
final class PaymentAuthorizer {
    enum Kind { AUTHORIZATION, AUTHORIZATION_ADVICE, PURCHASE, REFUND, LOAD, BALANCE_INQUIRY }

    private final ProductCatalog products;
    private final CardRepository cards;
    private final AccountDirectory accounts;
    private final Ledger ledger;
    private final CardVerification verification;
    private final PinCheck pins;
    private final OneTimeCodes codes;
    private final Confirmations confirmations;

    PaymentAuthorizer(ProductCatalog products, CardRepository cards, AccountDirectory accounts, Ledger ledger,
                      CardVerification verification, PinCheck pins, OneTimeCodes codes, Confirmations confirmations) {
        this.codes = codes;
        this.confirmations = confirmations;
        this.products = products;
        this.cards = cards;
        this.accounts = accounts;
        this.ledger = ledger;
        this.verification = verification;
        this.pins = pins;
    }

    static Kind kindOf(String baseMti, String processingCode) {
        return switch (baseMti) {
            case "2100" -> Kind.AUTHORIZATION;
            case "2120" -> Kind.AUTHORIZATION_ADVICE;
            default -> switch (TransactionType.fromProcessingCode(processingCode)) {
                case PURCHASE -> Kind.PURCHASE;
                case REFUND -> Kind.REFUND;
                case LOAD -> Kind.LOAD;
                case BALANCE_INQUIRY -> Kind.BALANCE_INQUIRY;
            };
        };
    }

    Outcome decide(Connection c, HostRequest r, Kind kind, long now) throws SQLException {
        String presentedCode = r.secrets().oneTimeCode();
        OneTimeCodes.Code code = null;
        Card card;
        if (presentedCode != null) {
            // A code pays (0100, 0200 purchase) instead of a card number, and comes with the carrier number in field 2.
            if (!OneTimeCodes.CARRIER_PAN.equals(r.pan()) || (kind != Kind.AUTHORIZATION && kind != Kind.PURCHASE)) {
                return Outcome.decline(ResponseCode.INVALID_TRANSACTION);
            }
            code = codes.find(c, presentedCode);
            if (code == null) return Outcome.decline(ResponseCode.INVALID_CARD_NUMBER);
            card = cards.byId(c, code.cardId());
        } else {
            if (!CardNumbers.luhnValid(r.pan())) return Outcome.decline(ResponseCode.INVALID_CARD_NUMBER);
            card = cards.byPan(c, r.pan());
            if (card == null) return Outcome.decline(ResponseCode.INVALID_CARD_NUMBER);
        }
        Product product = products.get(card.product());
        Outcome o = new Outcome();
        o.cardId = card.id();
        o.currency = product.currency();
        boolean advice = kind == Kind.AUTHORIZATION_ADVICE;
        // An advice reports an approval already given upstream: state, expiry, card security and limits are not re-judged.
        if (!advice) {
            // A code is the holder's proof: the request carries no card data of its own to verify.
            ResponseCode refusal = code != null ? CardRules.refusal(card) : CardRules.refusal(card, r);
            // A card that fails its verification values gets no PIN try: a counterfeit does not guess PINs.
            if (refusal == null && code == null) refusal = verification.refusal(r, card);
            if (refusal == null && code == null) refusal = pins.refusal(c, r, card);
            if (refusal != null) return o.decline(refusal, null);
        }
        boolean spend = kind == Kind.AUTHORIZATION || kind == Kind.AUTHORIZATION_ADVICE || kind == Kind.PURCHASE;
        if (code != null || (spend && card.use() != CardUse.ANY)) {
            // Read again under the card row's lock (before the account's, as a PIN check takes them): of two spends at
            // once the second sees what the first did to the card and the code.
            card = cards.lock(c, card.id());
            ResponseCode refusal = advice ? null : SpendRules.refusal(card, r.merchant());
            if (refusal == null && code != null) {
                code = codes.lock(c, code.id());
                o.note = "one-time code " + code.maskedCode();
                refusal = SpendRules.refusal(code, r.merchant(), r.amount(), now);
            }
            if (refusal != null) return o.decline(refusal, null);
        }
        if (r.currency() != null && !r.currency().equals(product.currency())) {
            o.currency = r.currency();
            return o.decline(ResponseCode.INVALID_TRANSACTION, null);
        }
        Balance balance = ledger.balance(c, card.accountId(), true);
        if (kind == Kind.BALANCE_INQUIRY) return o.approve(ResponseCode.APPROVED, null, balance);
        long amount = r.amount();
        if (amount <= 0) return o.decline(ResponseCode.INVALID_AMOUNT, balance);
        if (!advice && amount > product.maxTransaction()) return o.decline(ResponseCode.EXCEEDS_AMOUNT_LIMIT, balance);
        if (code != null && (amount <= balance.available() || (r.partialCapable() && balance.available() > 0))) {
            // A large payment with a code its holder minted in the wallet waits for the holder; asked only when it could be paid.
            switch (confirmations.verdict(c, r.key(), code.id(), amount, now)) {
                case ASK -> {
                    o.awaiting = new Confirmations.Ask(r.key(), card.id(), code.id(), code.maskedCode(), amount, product.currency(), r.merchant());
                    return o;
                }
                case REFUSED -> {
                    o.note = "one-time code " + code.maskedCode() + " refused by its holder";
                    return o.decline(ResponseCode.DO_NOT_HONOR, balance);
                }
                case EXPIRED -> {
                    o.note = "one-time code " + code.maskedCode() + " not confirmed by its holder in time";
                    return o.decline(ResponseCode.DO_NOT_HONOR, balance);
                }
                case MISMATCH -> {
                    return o.decline(ResponseCode.DUPLICATE_TRANSMISSION, balance);
                }
                default -> { }
            }
        }
        Outcome result = switch (kind) {
            case AUTHORIZATION, PURCHASE -> debit(c, r, kind, card, product, balance, amount, o, now);
            case AUTHORIZATION_ADVICE -> adviseHold(c, r, card, product, balance, amount, o, now);
            case REFUND, LOAD -> credit(c, r, kind, card, product, balance, amount, o, now);
            case BALANCE_INQUIRY -> throw new IllegalStateException("handled above");
        };
        boolean approved = result.rc == ResponseCode.APPROVED || result.rc == ResponseCode.PARTIAL_APPROVAL;
        if (approved && spend) {
            // In the debit's transaction: the number closes or locks, the code burns, with the money or not at all.
            cards.recordSpend(c, card, r.merchant());
            if (code != null) codes.burn(c, code.id(), now);
        }
        return result;
    }

    private Outcome debit(Connection c, HostRequest r, Kind kind, Card card, Product product, Balance balance, long amount,
                          Outcome o, long now) throws SQLException {
        long approved = amount;
        ResponseCode rc = ResponseCode.APPROVED;
        if (amount > balance.available()) {
            if (!r.partialCapable() || balance.available() <= 0) return o.decline(ResponseCode.INSUFFICIENT_FUNDS, balance);
            approved = balance.available();
            rc = ResponseCode.PARTIAL_APPROVAL;
        }
        long merchant = accounts.merchant(r.merchant(), product.currency());
        o.merchantAccountId = merchant;
        o.remaining = approved;
        // The balance after is reckoned, not read again: the account's row has been locked since it was read.
        if (kind == Kind.AUTHORIZATION) {
            o.effect = "HOLD";
            o.holdId = ledger.hold(c, "AUTH", card.accountId(), merchant, approved, now + product.holdExpirySeconds() * 1000,
                    r.rrn(), now);
            return o.approve(rc, approved, balance.debited(approved, 0));
        }
        o.effect = "DEBIT";
        o.transferId = ledger.post(c, "PURCHASE", card.accountId(), merchant, approved, r.rrn(), now);
        return o.approve(rc, approved, balance.debited(0, approved));
    }

    /** The advised amount is held as told, but never more than is available: the shortfall is noted, not held. */
    private Outcome adviseHold(Connection c, HostRequest r, Card card, Product product, Balance balance, long amount,
                               Outcome o, long now) throws SQLException {
        long held = Math.min(amount, Math.max(balance.available(), 0));
        if (held < amount) o.note = "advised " + amount + ", held " + held + " (available)";
        o.merchantAccountId = accounts.merchant(r.merchant(), product.currency());
        if (held > 0) {
            o.effect = "HOLD";
            o.remaining = held;
            o.holdId = ledger.hold(c, "AUTH", card.accountId(), o.merchantAccountId, held,
                    now + product.holdExpirySeconds() * 1000, r.rrn(), now);
        }
        return o.approve(ResponseCode.APPROVED, held, balance.debited(held, 0));
    }

    private Outcome credit(Connection c, HostRequest r, Kind kind, Card card, Product product, Balance balance, long amount,
                           Outcome o, long now) throws SQLException {
        if (balance.ledger() + amount > product.maxBalance()) return o.decline(ResponseCode.EXCEEDS_AMOUNT_LIMIT, balance);
        // A cash load obeys the anonymous limits every load does (the monthly load too): over either is 61.
        if (kind == Kind.LOAD && LoadLimits.refusal(c, product, card.accountId(), balance, amount, now) != null) {
            return o.decline(ResponseCode.EXCEEDS_AMOUNT_LIMIT, balance);
        }
        long merchant = accounts.merchant(r.merchant(), product.currency());
        o.merchantAccountId = merchant;
        o.effect = "CREDIT";
        o.remaining = amount;
        o.transferId = ledger.post(c, kind == Kind.LOAD ? "LOAD" : "REFUND", merchant, card.accountId(), amount, r.rrn(), now);
        return o.approve(ResponseCode.APPROVED, amount, balance.credited(amount));
    }
}
