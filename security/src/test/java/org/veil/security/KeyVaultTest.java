package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyVaultTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void checkValuesMatchPublishedOnes() {
        // the well-known double-length test key 0123456789ABCDEFFEDCBA9876543210 has KCV 08D7B4
        assertEquals("08D7B4", CheckValue.of(new SecretKeySpec(HEX.parseHex("0123456789ABCDEFFEDCBA9876543210"), "DESede")));
        // a single-length-equivalent key (K1 = K2 = 0123456789ABCDEF) is DES: KCV D5D44F
        assertEquals("D5D44F", CheckValue.of(new SecretKeySpec(HEX.parseHex("0123456789ABCDEF0123456789ABCDEF"), "DESede")));
    }

    @Test
    void aGeneratedSetRoundTripsThroughItsKeystoreAndIsListedByCheckValueOnly(@TempDir Path dir) {
        Path file = dir.resolve("keys.p12");
        Run gen = run("generate", "--out", file.toString(), "--password", "longenough");
        assertEquals(0, gen.code, gen.err);
        assertEquals(KeyRole.values().length + 1, gen.out.lines().count(), gen.out);
        KeyVault vault = KeyVault.load(file, "longenough".toCharArray());
        for (KeyRole role : KeyRole.values()) {
            assertTrue(vault.has(role.alias), role.alias);
            byte[] k = vault.key(role.alias).getEncoded();
            assertFalse(gen.out.contains(HEX.formatHex(k)), "key material printed for " + role.alias);
            assertTrue(gen.out.contains(CheckValue.of(vault.key(role.alias))), role.alias);
        }
        byte[] tdes = vault.key(KeyRole.ZPK.alias).getEncoded();
        assertEquals(16, tdes.length);
        for (byte b : tdes) assertEquals(1, Integer.bitCount(b & 0xFF) & 1, "odd parity");
        assertEquals(32, vault.key(KeyRole.PAN_KEY.alias).getEncoded().length);

        Run listed = run("list", "--keystore", file.toString(), "--password", "longenough");
        assertEquals(0, listed.code, listed.err);
        assertEquals(gen.out.lines().skip(1).toList(), listed.out.lines().toList());

        Run again = run("generate", "--out", file.toString(), "--password", "longenough");
        assertEquals(2, again.code);
        assertTrue(again.err.contains("exists (give --force"), again.err);
    }

    @Test
    void aVaultSavedAndLoadedKeepsEveryKeyExactly(@TempDir Path dir) throws Exception {
        Map<String, javax.crypto.SecretKey> keys = Map.of(
                "a", new SecretKeySpec(HEX.parseHex("0123456789ABCDEFFEDCBA9876543210"), "DESede"),
                "b", new SecretKeySpec(new byte[32], "HmacSHA256"));
        Path file = dir.resolve("x.p12");
        KeyVault.of(keys).save(file, "pw123456".toCharArray());
        KeyVault back = KeyVault.load(file, "pw123456".toCharArray());
        assertArrayEquals(keys.get("a").getEncoded(), back.key("a").getEncoded());
        assertArrayEquals(keys.get("b").getEncoded(), back.key("b").getEncoded());
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> back.key("c"));
        assertEquals("the keystore has no key c", none.getMessage());
    }

    @Test
    void badKeystoresAndArgumentsGiveOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.p12");
        KeyVault.of(Map.of("a", new SecretKeySpec(new byte[16], "AES"))).save(file, "rightpass".toCharArray());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> KeyVault.load(file, "wrongpass".toCharArray()));
        assertTrue(wrong.getMessage().contains("cannot be opened (wrong password"), wrong.getMessage());
        Files.writeString(dir.resolve("junk.p12"), "not a keystore");
        assertThrows(IllegalArgumentException.class, () -> KeyVault.load(dir.resolve("junk.p12"), "x".toCharArray()));
        for (List<String> args : List.<List<String>>of(List.of(), List.of("generate", "--out", file + "2", "--password", "short"),
                List.of("list", "--keystore", dir.resolve("none.p12").toString()), List.of("frobnicate"))) {
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.code, args + ": " + r.err);
            assertEquals(1, r.err.lines().count(), r.err);
            assertTrue(r.err.startsWith("keys: "), r.err);
        }
    }

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KeysCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
