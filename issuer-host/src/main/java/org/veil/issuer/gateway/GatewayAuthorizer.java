package org.veil.issuer.gateway;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.veil.issuer.Issuer;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.host.Answer;
import org.veil.issuer.host.HostRequest;
import org.veil.issuer.host.PresentedSecrets;
import org.veil.packagers.ResponseCode;
import org.veil.packagers.TransactionType;

/**
 * Runs a gateway order through the issuer's own authorization path: a CMF 2200 purchase from terminal {@link #TERMINAL}
 * at the shop's merchant id, given to the same RequestProcessor as the host link's requests. So the card rules, PIN
 * tries, one-time codes, ledger movement and idempotency are those of a terminal purchase; the order's stan and
 * transmission time make its key, so asking again repeats the first answer and moves no money. A payment that waits for
 * its cardholder's confirmation (a wallet-minted code above the threshold) is given the gateway's own deadline and
 * holds no thread meanwhile: its decision completes later, on the gateway's executor.
 */
final class GatewayAuthorizer {
    /** Field 41 of every gateway purchase: the ledger and request log show where a payment came from. */
    static final String TERMINAL = "VEILGATE";
    private static final DateTimeFormatter TRANSMISSION = DateTimeFormatter.ofPattern("MMddHHmmss").withZone(ZoneOffset.UTC);

    /** What the authorization path decided: the ISO response code, approval code, approved amount and its currency. */
    record Decision(ResponseCode rc, String approvalCode, Long approvedAmount, String currency) {
        boolean approved() {
            return rc == ResponseCode.APPROVED;
        }
    }

    /** What proves the payment besides the order: the card number (or the code carrier), its expiry if given, and secrets. */
    record Presented(String pan, String expiry, PresentedSecrets secrets) {
        /** A one-time code: it stands in for the card, on the carrier number, without expiry or other secrets. */
        static Presented code(String code) {
            return new Presented(OneTimeCodes.CARRIER_PAN, null, new PresentedSecrets(null, null, null, null, code));
        }
    }

    private final Issuer issuer;
    private final long confirmWithinMillis;
    private final Executor executor;

    /** {@code confirmWithinMillis}: how long a cardholder may take to confirm; {@code executor}: where a confirmed payment is decided. */
    GatewayAuthorizer(Issuer issuer, long confirmWithinMillis, Executor executor) {
        this.issuer = issuer;
        this.confirmWithinMillis = confirmWithinMillis;
        this.executor = executor;
    }

    long confirmWithinMillis() {
        return confirmWithinMillis;
    }

    static String stan(long orderRow) {
        return Long.toString(orderRow % 999_999 + 1);
    }

    static String transmission(long nowMillis) {
        return TRANSMISSION.format(Instant.ofEpochMilli(nowMillis));
    }

    /** The decision: complete at once, unless the payment waits for its cardholder (then once answered or past the deadline). */
    CompletableFuture<Decision> authorize(Order o, long amount, String currency, Presented p) {
        HostRequest r = new HostRequest("2200", TransactionType.PURCHASE.processingCode(), amount, currency, p.pan(), p.expiry(), null,
                o.transmission(), o.stan(), TERMINAL, o.merchantId(), rrn(o.id()), null, false, p.secrets());
        return issuer.requests().processAsync(r, confirmWithinMillis, executor)
                .thenApply(a -> new Decision(ResponseCode.fromHostCode(a.actionCode()), a.approvalCode(), a.approvedAmount(), a.currency()));
    }

    /** Field 37: "GW" and the order's row id, so the ledger entry names the gateway order. */
    private static String rrn(long orderRow) {
        return "GW" + String.format("%010d", orderRow % 10_000_000_000L);
    }
}
