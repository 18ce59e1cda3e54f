package org.veil.security;

import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * ANSI X9.24-1 (2009) TDES DUKPT, the host side: the initial key (IPEK) of a terminal from the base derivation key and
 * its key serial number, the transaction key for a KSN, and that key's PIN and MAC variants.
 * <p>
 * A KSN is 20 hex characters (10 bytes, as field 48 tag {@code KS} carries it): 59 bits of key set id and device id,
 * then a 21-bit transaction counter. X9.24 terminals only use counters with 1 to 10 one-bits; any other counter is
 * refused with an IllegalArgumentException, as is a malformed KSN. Keys in and out are double-length "DESede"
 * SecretKeys. Stateless and thread-safe.
 */
public final class Dukpt {
    private static final byte[] KEY_MASK = HexFormat.of().parseHex("C0C0C0C000000000C0C0C0C000000000");
    private static final byte[] PIN_VARIANT = HexFormat.of().parseHex("00000000000000FF00000000000000FF");
    private static final byte[] MAC_VARIANT = HexFormat.of().parseHex("000000000000FF00000000000000FF00");
    private static final int COUNTER_BITS = 0x1FFFFF;

    private Dukpt() {}

    /** The initial PIN encryption key of the terminal whose KSN is {@code ksn} (its counter is ignored). */
    public static SecretKey ipek(SecretKey bdk, String ksn) {
        byte[] k = parseKsn(ksn);
        byte[] base = Arrays.copyOf(k, 8);
        base[7] &= (byte) 0xE0; // clear the counter's top 5 bits; the other 16 are outside the first 8 bytes
        byte[] bdkBytes = Tdes.material(bdk, "the BDK");
        byte[] masked = PinBlock.xor(Arrays.copyOf(bdkBytes, 16), KEY_MASK);
        byte[] left = Tdes.encrypt(bdk, base);
        byte[] right = Tdes.encrypt(new SecretKeySpec(masked, "DESede"), base);
        byte[] ipek = concat(left, right);
        try {
            return new SecretKeySpec(ipek, "DESede");
        } finally {
            PinBlock.wipe(bdkBytes, masked, left, right, ipek);
        }
    }

    /** The transaction key (the "future key" before any variant) for {@code ksn}, from the terminal's IPEK. */
    public static SecretKey transactionKey(SecretKey ipek, String ksn) {
        byte[] key = derive(ipek, ksn);
        try {
            return new SecretKeySpec(key, "DESede");
        } finally {
            PinBlock.wipe(key);
        }
    }

    /** The PIN encryption key for {@code ksn}: the transaction key XOR the PIN variant. PIN blocks are format 0 under it. */
    public static SecretKey pinKey(SecretKey ipek, String ksn) {
        return variant(ipek, ksn, PIN_VARIANT);
    }

    /** The MAC key for {@code ksn} (request or both ways): the transaction key XOR the MAC variant; use with {@link RetailMac}. */
    public static SecretKey macKey(SecretKey ipek, String ksn) {
        return variant(ipek, ksn, MAC_VARIANT);
    }

    /** The 21-bit transaction counter of {@code ksn}, checked (1 to 10 one-bits). */
    public static int counter(String ksn) {
        return checkedCounter(parseKsn(ksn));
    }

    private static SecretKey variant(SecretKey ipek, String ksn, byte[] variant) {
        byte[] key = derive(ipek, ksn);
        byte[] v = PinBlock.xor(key, variant);
        try {
            return new SecretKeySpec(v, "DESede");
        } finally {
            PinBlock.wipe(key, v);
        }
    }

    /** X9.24 "calculate future key" for one KSN: one non-reversible step per one-bit of the counter, high bit first. */
    private static byte[] derive(SecretKey ipek, String ksn) {
        byte[] k = parseKsn(ksn);
        int counter = checkedCounter(k);
        byte[] reg = Arrays.copyOfRange(k, 2, 10); // the rightmost 64 bits of the KSN
        reg[5] &= (byte) 0xE0;
        reg[6] = 0;
        reg[7] = 0;
        byte[] material = Tdes.material(ipek, "the IPEK");
        byte[] key = Arrays.copyOf(material, 16);
        PinBlock.wipe(material);
        for (int bit = 0x100000; bit != 0; bit >>>= 1) {
            if ((counter & bit) == 0) continue;
            reg[5] |= (byte) (bit >>> 16);
            reg[6] |= (byte) (bit >>> 8);
            reg[7] |= (byte) bit;
            byte[] next = nonReversible(key, reg);
            PinBlock.wipe(key);
            key = next;
        }
        return key;
    }

    /** The X9.24 non-reversible key generation process: a new 16-byte key from the current key and the KSN register. */
    private static byte[] nonReversible(byte[] key, byte[] reg) {
        byte[] right = half(key, reg);
        byte[] masked = PinBlock.xor(key, KEY_MASK);
        byte[] left = half(masked, reg);
        try {
            return concat(left, right);
        } finally {
            PinBlock.wipe(right, masked, left);
        }
    }

    /** DES(left half of key, reg XOR right half) XOR right half. */
    private static byte[] half(byte[] key, byte[] reg) {
        byte[] kl = Arrays.copyOfRange(key, 0, 8);
        byte[] kr = Arrays.copyOfRange(key, 8, 16);
        byte[] in = PinBlock.xor(reg, kr);
        byte[] out = new byte[8];
        DESEngine des = new DESEngine();
        des.init(true, new KeyParameter(kl));
        des.processBlock(in, 0, out, 0);
        byte[] result = PinBlock.xor(out, kr);
        PinBlock.wipe(kl, kr, in, out);
        return result;
    }

    private static byte[] parseKsn(String ksn) {
        if (ksn == null || ksn.length() != 20) {
            throw new IllegalArgumentException("a KSN is 20 hex characters, got " + (ksn == null ? "none" : ksn.length()));
        }
        try {
            return HexFormat.of().parseHex(ksn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a KSN is hex characters only");
        }
    }

    private static int checkedCounter(byte[] k) {
        int counter = ((k[7] & 0x1F) << 16) | ((k[8] & 0xFF) << 8) | (k[9] & 0xFF);
        int ones = Integer.bitCount(counter & COUNTER_BITS);
        if (ones == 0) throw new IllegalArgumentException("KSN counter is 0: no transaction key uses it");
        if (ones > 10) throw new IllegalArgumentException("KSN counter has " + ones + " one-bits; X9.24 allows at most 10");
        return counter;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
