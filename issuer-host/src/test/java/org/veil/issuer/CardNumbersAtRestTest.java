package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.card.PanVault;
import org.veil.packagers.ResponseCode;
import org.veil.security.CardVerificationValue;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;
import org.veil.security.PinBlock;
import org.veil.security.PinVerification;

/**
 * After cards are issued and used over the real host link and admin API, and the issuer is stopped, nothing it left
 * on disk holds a card number in clear: not the raw H2 file, not any text column, not its logs; and no card secret is
 * kept: no PIN, PIN block, track 2 or one-time code (raw file, logs, every column), no PVV, CVV, CVV2 or iCVV (every column).
 * What it keeps instead (hash, ciphertext, mask, sealed PVV) is checked against the shipped test keys.
 */
@Timeout(120)
class CardNumbersAtRestTest {
    private static final String USD = "840";
    private static final String EUR = "978";

    @Test
    void noClearCardNumberOrCardSecretOnDiskAfterIssuingAndUsingCards(@TempDir Path root) throws Exception {
        Map<String, String> cvv2ByPan = new LinkedHashMap<>();
        Map<String, Long> idByPan = new LinkedHashMap<>();
        Map<String, JsonNode> issuedByPan = new LinkedHashMap<>();
        // 12-digit PINs: long enough that finding one in a raw file or a log is no coincidence.
        Map<String, String> pinByPan = new LinkedHashMap<>();
        List<String> pins = List.of("739215804617", "", "502877193460", "");
        List<byte[]> pinBlocks = new ArrayList<>();
        KeyVault vault = KeyVault.load(Path.of("..", "cfg", "keys", "TEST-ONLY-keys.p12"), "test-only-not-a-secret".toCharArray());
        SecretKey zpk = vault.key(KeyRole.ZPK.alias);
        String unknownPan = "9999009999999993"; // passes Luhn, never issued: declined 14, and still not kept in clear
        String loadReference = "at-rest-load-7f3a";
        List<String> codes = new ArrayList<>();
        try (IssuerProcess issuer = new IssuerProcess(root)) {
            issuer.start();
            AdminClient admin = new AdminClient(issuer.adminPort);
            List<String> products = List.of("PREPAID-USD", "PREPAID-USD", "PREPAID-EUR", "TEST-SHORT-HOLD");
            for (int i = 0; i < products.size(); i++) {
                String pin = pins.get(i);
                AdminClient.Reply r = admin.call("POST", "/cards", "{\"product\":\"" + products.get(i) + "\""
                        + (pin.isEmpty() ? "" : ",\"pin\":\"" + pin + "\"") + "}");
                assertEquals(201, r.status(), r.body().toString());
                String pan = r.body().get("pan").asText();
                assertTrue(pan.matches("9999\\d{12}"), pan);
                assertTrue(r.body().get("cvv2").asText().matches("\\d{3}"), "the CVV2 is shown once, at issuance: " + r.body());
                cvv2ByPan.put(pan, r.body().get("cvv2").asText());
                idByPan.put(pan, r.body().get("id").asLong());
                issuedByPan.put(pan, r.body());
                if (!pin.isEmpty()) pinByPan.put(pan, pin);
            }
            List<String> pans = new ArrayList<>(idByPan.keySet());
            String usd = pans.get(0);
            String usd2 = pans.get(1);
            String eur = pans.get(2);
            // Admin lookups by PAN: load, show, state.
            admin.ok("POST", "/cards/" + usd + "/load", "{\"amount\":50000,\"reference\":\"" + loadReference + "\"}");
            admin.ok("POST", "/cards/" + idByPan.get(usd2) + "/load", "{\"amount\":1000}");
            admin.ok("POST", "/cards/" + eur + "/load", "{\"amount\":2000}");
            JsonNode shown = admin.ok("GET", "/cards/" + usd, null);
            assertEquals(idByPan.get(usd), shown.get("id").asLong(), "found by its PAN");
            assertEquals(PanVault.mask(usd), shown.get("maskedPan").asText());
            assertFalse(shown.toString().contains(usd));
            assertEquals(404, admin.call("GET", "/cards/" + unknownPan, null).status());

            try (HostLinkClient link = new HostLinkClient(issuer.hostPort)) {
                ISOMsg auth = HostLinkClient.request("2100", usd, "000000", 3_000, USD);
                assertEquals("00", rc(link.send(auth)));
                ISOMsg completion = HostLinkClient.request("2220", usd, "000000", 2_500, USD);
                completion.set(56, "2100" + auth.getString(11) + auth.getString(7) + "00000000001");
                completion.set(37, auth.getString(37));
                assertEquals("00", rc(link.send(completion)));
                ISOMsg purchase = HostLinkClient.request("2200", usd, "000000", 1_000, USD);
                assertEquals("00", rc(link.send(purchase)));
                ISOMsg reversal = HostLinkClient.request("2400", usd, "000000", 0, USD);
                reversal.set(37, purchase.getString(37));
                reversal.set(56, "2200" + purchase.getString(11) + purchase.getString(7) + "00000000001");
                assertEquals("00", rc(link.send(reversal)));
                ISOMsg swiped = HostLinkClient.request("2200", null, "000000", 400, USD);
                swiped.set(35, issuedByPan.get(usd2).get("track2").asText());
                assertEquals("00", rc(link.send(swiped)));
                // PINs, right and wrong, with the stripe, the CVV2 and the chip: every secret a request can carry.
                for (String pin : List.of(pins.get(0), "839215804617", pins.get(0))) {
                    ISOMsg withPin = HostLinkClient.request("2200", null, "000000", 100, USD);
                    withPin.set(35, issuedByPan.get(usd).get("track2").asText());
                    byte[] block = PinBlock.encryptFormat0(zpk, pin, usd);
                    pinBlocks.add(block);
                    withPin.set(52, block);
                    assertEquals(pin.equals(pins.get(0)) ? "00" : "55", rc(link.send(withPin)));
                }
                ISOMsg notPresent = HostLinkClient.request("2200", usd, "000000", 100, USD);
                notPresent.set(48, "CV003" + cvv2ByPan.get(usd));
                assertEquals("00", rc(link.send(notPresent)));
                ISOMsg chip = HostLinkClient.request("2200", usd, "000000", 100, USD);
                String t57 = usd + "D" + issuedByPan.get(usd).get("expiry").asText() + "201" + "10000" + issuedByPan.get(usd).get("icvv").asText();
                chip.set(55, HexFormat.of().parseHex("57" + String.format("%02X", t57.length() / 2) + t57));
                assertEquals("00", rc(link.send(chip)));
                ISOMsg eurPin = HostLinkClient.request("2200", eur, "310000", -1, EUR);
                byte[] eurBlock = PinBlock.encryptFormat0(zpk, "502877193461", eur);
                pinBlocks.add(eurBlock);
                eurPin.set(52, eurBlock);
                assertEquals("00", rc(link.send(eurPin)), "the Visa PVV sees the first 4 PIN digits only");
                assertEquals("51", rc(link.send(HostLinkClient.request("2200", usd2, "000000", 900_000 / 2, USD))));
                assertEquals("00", rc(link.send(HostLinkClient.request("2200", usd2, "200000", 100, USD))));
                assertEquals("00", rc(link.send(HostLinkClient.request("2200", eur, "310000", -1, EUR))));
                assertEquals("14", rc(link.send(HostLinkClient.request("2200", unknownPan, "000000", 100, USD))));
                ISOMsg repeat = HostLinkClient.request("2200", eur, "000000", 500, EUR);
                assertEquals("00", rc(link.send(repeat)));
                ISOMsg again = (ISOMsg) repeat.clone();
                again.setMTI("2201");
                assertEquals("00", rc(link.send(again)), "a repeat still matches its original (keyed digest)");
                ISOMsg clash = (ISOMsg) repeat.clone();
                clash.set(2, usd);
                assertEquals("94", rc(link.send(clash)), "same key, another card");
                // One-time codes: one pays, one is refused (over its maximum) and stays unused, one is never presented.
                for (int i = 0; i < 3; i++) {
                    AdminClient.Reply minted = admin.call("POST", "/cards/" + usd + "/one-time-codes",
                            "{\"maxAmount\":500,\"expiresInSeconds\":600" + (i == 2 ? ",\"merchant\":\"MERCHANT0000001\"" : "") + "}");
                    assertEquals(201, minted.status(), minted.body().toString());
                    codes.add(minted.body().get("code").asText());
                }
                for (int i = 0; i < 2; i++) {
                    ISOMsg withCode = HostLinkClient.request("2200", OneTimeCodes.CARRIER_PAN, "000000", i == 0 ? 400 : 600, USD);
                    withCode.set(48, "OT016" + codes.get(i));
                    assertEquals(i == 0 ? "00" : "61", rc(link.send(withCode)));
                }
            }
            admin.ok("POST", "/cards/" + usd2 + "/state", "{\"state\":\"BLOCKED\"}");
            JsonNode merchant = admin.ok("GET", "/merchants/MERCHANT0000001", null);
            Set<String> shownPans = new HashSet<>();
            merchant.get("payments").forEach(p -> shownPans.add(p.get("maskedPan").asText()));
            assertTrue(shownPans.containsAll(List.of(PanVault.mask(usd), PanVault.mask(usd2))), "merchant payments: " + merchant);
            assertTrue(admin.ok("GET", "/audit", null).get("ok").asBoolean());
            issuer.stop();
        }

        List<String> clear = new ArrayList<>(cvv2ByPan.keySet());
        clear.add(unknownPan);
        // Long secrets: found anywhere (raw database file, logs, any column) they are there, not by coincidence.
        List<String> longSecrets = new ArrayList<>(pinByPan.values());
        issuedByPan.values().forEach(c -> longSecrets.add(c.get("track2").asText()));
        longSecrets.addAll(codes); // 16 digits each: kept only as keyed hashes, never in clear
        assertEquals(3, codes.size());
        longSecrets.add("839215804617");
        longSecrets.add("502877193461");
        for (byte[] b : pinBlocks) {
            longSecrets.add(HexFormat.of().formatHex(b));
            longSecrets.add(HexFormat.of().withUpperCase().formatHex(b));
        }
        // Short secrets of every card: its PVV (4 digits), CVV, CVV2 and iCVV (3): looked for as whole column values.
        SecretKey pvk = vault.key(KeyRole.PVK.alias);
        SecretKey cvk = vault.key(KeyRole.CVK.alias);
        Map<String, String> shortSecrets = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : issuedByPan.entrySet()) {
            String pan = e.getKey();
            String expiry = e.getValue().get("expiry").asText();
            String pin = pinByPan.get(pan);
            if (pin != null) shortSecrets.put(PinVerification.pvv(pvk, pan, pin, 1), "the PVV of " + PanVault.mask(pan));
            shortSecrets.put(CardVerificationValue.cvv(cvk, pan, expiry, "101"), "the CVV of " + PanVault.mask(pan));
            shortSecrets.put(CardVerificationValue.cvv2(cvk, pan, expiry), "the CVV2 of " + PanVault.mask(pan));
            shortSecrets.put(CardVerificationValue.icvv(cvk, pan, expiry), "the iCVV of " + PanVault.mask(pan));
            String track2 = e.getValue().get("track2").asText();
            assertTrue(track2.endsWith(CardVerificationValue.cvv(cvk, pan, expiry, "101")), "the stripe carries the CVV");
        }
        // 1. The raw bytes of every file the database left, read before anything opens it again.
        List<Path> dbFiles = files(root.resolve("data"));
        assertTrue(dbFiles.stream().anyMatch(f -> f.toString().endsWith("issuer.mv.db")), "database files: " + dbFiles);
        boolean maskSeen = false;
        for (Path f : dbFiles) {
            byte[] raw = Files.readAllBytes(f);
            for (String pan : clear) assertFalse(contains(raw, pan), f + " holds the clear card number " + PanVault.mask(pan));
            for (String secret : longSecrets) assertFalse(contains(raw, secret), f + " holds a PIN, PIN block or track 2");
            for (byte[] block : pinBlocks) assertFalse(contains(raw, block), f + " holds a PIN block");
            maskSeen |= contains(raw, PanVault.mask(clear.get(0))) && contains(raw, loadReference);
        }
        assertTrue(maskSeen, "the scan reads text as stored: the masked number and a load reference are found in it");
        // 2. The logs, which the issuer writes with masked numbers only.
        for (Path f : files(root.resolve("log"))) {
            byte[] raw = Files.readAllBytes(f);
            for (String pan : clear) assertFalse(contains(raw, pan), f + " holds the clear card number " + PanVault.mask(pan));
            for (String secret : longSecrets) assertFalse(contains(raw, secret), f + " holds a PIN, PIN block or track 2");
        }

        // 3. Every text column of every table, and what the cards table keeps instead of the number.
        PanVault keys = PanVault.open(root.resolve("cfg/keys/TEST-ONLY-keys.p12"), "test-only-not-a-secret".toCharArray());
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + root.resolve("data").resolve("issuer").toAbsolutePath());
             Statement s = c.createStatement()) {
            Map<String, List<String>> textColumns = new LinkedHashMap<>();
            Map<String, List<String>> binaryColumns = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = 'PUBLIC' ORDER BY table_name, ordinal_position")) {
                while (rs.next()) {
                    String column = rs.getString(2);
                    assertFalse(column.contains("CVV") || column.contains("CVC") || column.equals("PAN"),
                            rs.getString(1) + "." + column + " should not exist");
                    assertFalse(column.contains("PIN") && !column.equals("PIN_TRIES"), rs.getString(1) + "." + column + " should not exist");
                    if (rs.getString(3).startsWith("CHARACTER")) textColumns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(column);
                    if (rs.getString(3).startsWith("BINARY")) binaryColumns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(column);
                }
            }
            assertTrue(textColumns.containsKey("CARDS") && textColumns.containsKey("REQUESTS"), textColumns.toString());
            int values = 0;
            for (Map.Entry<String, List<String>> t : textColumns.entrySet()) {
                for (String column : t.getValue()) {
                    try (ResultSet rs = s.executeQuery("SELECT \"" + column + "\" FROM \"" + t.getKey() + "\" WHERE \"" + column + "\" IS NOT NULL")) {
                        while (rs.next()) {
                            String v = rs.getString(1);
                            values++;
                            for (String pan : clear) assertFalse(v.contains(pan), t.getKey() + "." + column + " holds " + PanVault.mask(pan));
                            for (String secret : longSecrets) assertFalse(v.contains(secret), t.getKey() + "." + column + " holds a PIN, PIN block or track 2");
                            // A currency code may be three digits like a CVV; an expiry, MTI or action code four like a PVV.
                            String shown = v.strip();
                            boolean code = shown.length() == 3 ? column.equals("CURRENCY")
                                    : column.equals("EXPIRY") || column.equals("MTI") || column.equals("RESPONSE_CODE");
                            if (!code && shortSecrets.containsKey(shown)) fail(t.getKey() + "." + column + " holds " + shortSecrets.get(shown));
                        }
                    }
                }
            }
            assertTrue(values > 50, "text values scanned: " + values);
            assertTrue(binaryColumns.getOrDefault("CARDS", List.of()).contains("PVV_CIPHER"), binaryColumns.toString());
            for (Map.Entry<String, List<String>> t : binaryColumns.entrySet()) {
                for (String column : t.getValue()) {
                    try (ResultSet rs = s.executeQuery("SELECT \"" + column + "\" FROM \"" + t.getKey() + "\" WHERE \"" + column + "\" IS NOT NULL")) {
                        while (rs.next()) {
                            byte[] v = rs.getBytes(1);
                            for (String secret : longSecrets) assertFalse(contains(v, secret), t.getKey() + "." + column + " holds a secret");
                            for (String secret : shortSecrets.keySet()) {
                                assertFalse(contains(v, secret), t.getKey() + "." + column + " holds " + shortSecrets.get(secret));
                            }
                        }
                    }
                }
            }
            int cards = 0;
            try (ResultSet rs = s.executeQuery("SELECT id, pan_hash, pan_cipher, masked_pan, pvv_cipher, pin_tries FROM cards ORDER BY id")) {
                while (rs.next()) {
                    cards++;
                    long id = rs.getLong(1);
                    String pan = idByPan.entrySet().stream().filter(e -> e.getValue() == id).findFirst().orElseThrow().getKey();
                    assertArrayEquals(keys.lookupHash(pan), rs.getBytes(2), "the lookup hash of card " + id);
                    assertEquals(pan, keys.decrypt(rs.getBytes(3), rs.getBytes(2)), "the ciphertext of card " + id);
                    assertEquals(PanVault.mask(pan), rs.getString(4));
                    String pin = pinByPan.get(pan);
                    if (pin == null) {
                        assertNull(rs.getBytes(5), "card " + id + " has no PIN");
                    } else {
                        assertEquals("1" + PinVerification.pvv(pvk, pan, pin, 1), keys.openPvv(pan, rs.getBytes(5)), "the sealed PVV of card " + id);
                    }
                    assertEquals(0, rs.getInt(6), "a right PIN after a wrong one clears the count");
                }
            }
            assertEquals(idByPan.size(), cards);
            int kept = 0;
            try (ResultSet rs = s.executeQuery("SELECT code_hash, masked_code, used_at FROM one_time_codes ORDER BY id")) {
                while (rs.next()) {
                    String code = codes.get(kept++);
                    assertArrayEquals(keys.codeHash(code), rs.getBytes(1), "a code is kept as its keyed hash");
                    assertEquals(OneTimeCodes.mask(code), rs.getString(2));
                    assertEquals(kept == 1, rs.getObject(3) != null, "only the code that paid is used");
                }
            }
            assertEquals(codes.size(), kept);
        }
    }

    private static String rc(ISOMsg answer) {
        return ResponseCode.fromHostCode(answer.getString(39)).code();
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean contains(byte[] hay, String text) {
        return contains(hay, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}
