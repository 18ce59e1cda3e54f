package org.veil.issuer.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's signed result of one order, as the shop gets it (in the buyer's answer, pushed, or asked for): what was
 * decided and nothing about who paid. Its signature is HMAC-SHA256 (the shop's secret, as for requests) over the
 * canonical form: "veil-receipt-v1" and then each of {@link #FIELDS} in that order, each value as text ("" for
 * null), joined by "\n"; lowercase hex.
 */
public final class Receipt {
    public static final List<String> FIELDS = List.of("merchantId", "orderId", "amount", "currency", "status", "reason",
            "responseCode", "approvalCode", "decidedAt");
    private static final String VERSION = "veil-receipt-v1";

    private Receipt() {}

    /** The receipt of these values (keys of {@link #FIELDS}) with its "signature". */
    public static Map<String, Object> signed(String secret, Map<String, Object> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : FIELDS) m.put(f, values.get(f));
        m.put("signature", HexFormat.of().formatHex(ShopSigner.hmac(secret, canonical(m).getBytes(StandardCharsets.UTF_8))));
        return m;
    }

    /** Whether the receipt (as the shop parsed it) carries a valid signature under the shop's secret. */
    public static boolean verify(String secret, JsonNode receipt) {
        if (receipt == null || !receipt.isObject() || !receipt.path("signature").isTextual()) return false;
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : FIELDS) {
            JsonNode v = receipt.get(f);
            m.put(f, v == null || v.isNull() ? null : v.asText());
        }
        String expected = HexFormat.of().formatHex(ShopSigner.hmac(secret, canonical(m).getBytes(StandardCharsets.UTF_8)));
        return ShopSigner.same(expected, receipt.get("signature").asText());
    }

    static String canonical(Map<String, Object> m) {
        StringBuilder b = new StringBuilder(VERSION);
        for (String f : FIELDS) {
            Object v = m.get(f);
            b.append('\n').append(v == null ? "" : v.toString());
        }
        return b.toString();
    }
}
