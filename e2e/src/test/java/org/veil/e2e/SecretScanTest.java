package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScanTest {
    @Test
    void findsEachKindOfClearCardDataAndPrintsItMasked(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("switch.log");
        Files.writeString(log, String.join("\n",
                "purchase card 9999000000000012 approved",          // a clear Veil card number (Luhn-valid)
                "track 9999000000000012=2812101123456789",          // track 2
                "0200 4000000000000002D2812101123456789632914874032TERM0001", // track 2 with D, then an RRN in a clear message
                "0200 4000000000000002D2812101FORC0001MERCHANT",    // and before a terminal id that starts like hex
                "field 48 PA001YCV003123",                          // a CVV2
                "field 48 OT0161234567890123452",                   // a one-time code
                "<field id=\"52\" value=\"0123456789ABCDEF\"/>"));  // an unwiped PIN block dump
        byte[] db = new byte[64];
        System.arraycopy("4111111111111111".getBytes(), 0, db, 10, 16);
        Files.write(dir.resolve("issuer.mv.db"), db);
        List<SecretScan.Finding> found = new java.util.ArrayList<>();
        for (Path f : SecretScan.candidates(dir)) found.addAll(SecretScan.scan(f));
        List<String> what = found.stream().map(SecretScan.Finding::what).sorted().toList();
        assertEquals(List.of("card number", "card number", "card number", "field 48 CV", "field 48 OT", "message dump field 52",
                "track 2", "track 2", "track 2"), what, found.toString());
        for (SecretScan.Finding f : found) {
            assertFalse(f.toString().contains("9999000000000012") || f.toString().contains("4111111111111111"), f.toString());
        }
    }

    @Test
    void maskedNumbersTimestampsAndOtherFilesPass(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("switch.log"), String.join("\n",
                "purchase card 999900******0012 approved at 1763913600000 elapsed 17639136000001234",
                "<field id=\"52\" value=\"[WIPED]\"/>  <field id=\"35\" value=\"999900______0012\"/>",
                "card 9999000000000017 fails Luhn, so it cannot be a card number",
                // an answer's bytes in hex, as the switch's journal keeps them: 342355030305445524 passes Luhn by chance
                "\u0096342355030305445524D303030374D45524348414E5430303030303031383430004030303031383430433030303030303039"));
        Files.writeString(dir.resolve("notes.txt"), "9999000000000012"); // not a database or log
        List<SecretScan.Finding> found = new java.util.ArrayList<>();
        for (Path f : SecretScan.candidates(dir)) found.addAll(SecretScan.scan(f));
        assertTrue(found.isEmpty(), found.toString());
        assertEquals(1, SecretScan.candidates(dir).size());
    }
}
