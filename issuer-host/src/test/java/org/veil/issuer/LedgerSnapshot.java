package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/** What a refused request must not change: one card as GET shows it, a merchant, and the audit (account count included). */
public record LedgerSnapshot(JsonNode card, int merchantStatus, JsonNode merchant, JsonNode audit) {
    static final String MERCHANT = "MERCHANT0000001";

    public static LedgerSnapshot take(AdminClient admin, long card) throws Exception {
        AdminClient.Reply m = admin.call("GET", "/merchants/" + MERCHANT, null);
        JsonNode audit = admin.ok("GET", "/audit", null);
        assertTrue(audit.get("ok").asBoolean(), "audit: " + audit);
        return new LedgerSnapshot(admin.ok("GET", "/cards/" + card, null), m.status(), m.body(), audit);
    }
}
