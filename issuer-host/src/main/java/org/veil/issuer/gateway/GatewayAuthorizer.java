package org.veil.issuer.gateway;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.veil.issuer.Issuer;
import org.veil.issuer.host.Answer;
import org.veil.issuer.host.HostRequest;
import org.veil.issuer.host.PresentedSecrets;
import org.veil.packagers.ResponseCode;
import org.veil.packagers.TransactionType;

/**
 * Runs a gateway order through the issuer's own authorization path: a CMF 2200 purchase from terminal {@link #TERMINAL}
 * at the shop's merchant id, given to the same RequestProcessor as the host link's requests. So the card rules, PIN
 * tries, one-time codes, ledger movement and idempotency are those of a terminal purchase; the order's stan and
 * transmission time make its key, so asking again repeats the first answer and moves no money.
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
    record Presented(String pan, String expiry, PresentedSecrets secrets) {}

    private final Issuer issuer;

    GatewayAuthorizer(Issuer issuer) {
        this.issuer = issuer;
    }

    static String stan(long orderRow) {
        return Long.toString(orderRow % 999_999 + 1);
    }

    static String transmission(long nowMillis) {
        return TRANSMISSION.format(Instant.ofEpochMilli(nowMillis));
    }

    Decision authorize(Order o, long amount, String currency, Presented p) {
        HostRequest r = new HostRequest("2200", TransactionType.PURCHASE.processingCode(), amount, currency, p.pan(), p.expiry(), null,
                o.transmission(), o.stan(), TERMINAL, o.merchantId(), rrn(o.id()), null, false, p.secrets());
        Answer a = issuer.requests().process(r);
        return new Decision(ResponseCode.fromHostCode(a.actionCode()), a.approvalCode(), a.approvedAmount(), a.currency());
    }

    /** Field 37: "GW" and the order's row id, so the ledger entry names the gateway order. */
    private static String rrn(long orderRow) {
        return "GW" + String.format("%010d", orderRow % 10_000_000_000L);
    }
}
