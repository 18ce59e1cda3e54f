package org.veil.issuer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A receipt verifies under its shop's secret as sent (through JSON), and not once any field, or the secret, differs. */
class ReceiptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "receipt-secret-for-tests-only-0123456789ab";

    private static ObjectNode sample() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("merchantId", "SHOP0001");
        v.put("orderId", "A-1");
        v.put("amount", 1250L);
        v.put("currency", "840");
        v.put("status", "APPROVED");
        v.put("reason", "APPROVED");
        v.put("responseCode", "00");
        v.put("approvalCode", "AB12CD");
        v.put("decidedAt", 1764000000123L);
        return JSON.valueToTree(Receipt.signed(SECRET, v));
    }

    @Test
    void signedReceiptVerifiesAfterJson() throws Exception {
        ObjectNode r = (ObjectNode) JSON.readTree(JSON.writeValueAsString(sample()));
        assertTrue(Receipt.verify(SECRET, r));
        assertEquals(64, r.get("signature").asText().length());
    }

    @Test
    void tamperedReceiptFails() {
        for (String field : Receipt.FIELDS) {
            ObjectNode r = sample();
            r.put(field, "X" + r.get(field).asText());
            assertFalse(Receipt.verify(SECRET, r), field + " altered must not verify");
        }
        ObjectNode dropped = sample();
        dropped.remove("approvalCode");
        assertFalse(Receipt.verify(SECRET, dropped));
        ObjectNode unsigned = sample();
        unsigned.remove("signature");
        assertFalse(Receipt.verify(SECRET, unsigned));
        assertFalse(Receipt.verify(SECRET + "x", sample()), "another shop's secret");
    }

    @Test
    void declinedReceiptWithNullsVerifies() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("merchantId", "SHOP0001");
        v.put("orderId", "A-2");
        v.put("amount", 10L);
        v.put("status", "DECLINED");
        v.put("reason", "AMOUNT_MISMATCH");
        v.put("decidedAt", 5L);
        ObjectNode r = JSON.valueToTree(Receipt.signed(SECRET, v));
        assertTrue(Receipt.verify(SECRET, r));
        assertEquals("veil-receipt-v1\nSHOP0001\nA-2\n10\n\nDECLINED\nAMOUNT_MISMATCH\n\n\n5", Receipt.canonical(v));
    }
}
