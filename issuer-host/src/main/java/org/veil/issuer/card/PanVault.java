package org.veil.issuer.card;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.veil.packagers.CardNumbers;
import org.veil.security.AesGcmSeal;
import org.veil.security.CheckValue;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;

/**
 * Card numbers at rest: AES-256-GCM under pan-key with a random 96-bit nonce per card and the card's lookup hash
 * as associated data (a ciphertext copied onto another card's row fails to decrypt); the lookup hash itself is
 * HMAC-SHA256 under pan-hash-key, so a card is found by its number without decrypting any row, and a stolen table
 * cannot be searched by hashing every possible card number without the key. A card's PVV is sealed the same way
 * ({@link #sealPvv}), so no column holds one in clear.
 */
public final class PanVault {
    /** First byte of every ciphertext: lets a later key or cipher change tell old rows from new ones. */
    /** Associated data prefix of a sealed PVV: keeps it apart from a card number sealed for the same card. */
    private static final byte[] PVV_LABEL = "veil-pvv:".getBytes(StandardCharsets.US_ASCII);

    /** Prefix of what a one-time code's hash covers: keeps it apart from card number hashes. */
    private static final byte[] OTC_LABEL = "veil-otc:".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey panKey;
    private final SecretKey hashKey;
    private final AesGcmSeal sealer;

    public PanVault(SecretKey panKey, SecretKey hashKey) {
        if (!"AES".equals(panKey.getAlgorithm()) || panKey.getEncoded().length != 32) {
            throw new IllegalArgumentException(KeyRole.PAN_KEY.alias + " must be an AES-256 key, got " + describe(panKey));
        }
        if (!hashKey.getAlgorithm().equalsIgnoreCase("HmacSHA256") || hashKey.getEncoded().length < 32) {
            throw new IllegalArgumentException(KeyRole.PAN_HASH_KEY.alias + " must be an HmacSHA256 key of 256 bits or more, got "
                    + describe(hashKey));
        }
        this.panKey = panKey;
        this.sealer = new AesGcmSeal(panKey);
        this.hashKey = hashKey;
    }

    /** The vault over a keystore's pan-key and pan-hash-key; a one-line IllegalArgumentException when either is missing or wrong. */
    public static PanVault from(KeyVault keys) {
        for (KeyRole role : new KeyRole[] {KeyRole.PAN_KEY, KeyRole.PAN_HASH_KEY}) {
            if (!keys.has(role.alias)) throw new IllegalArgumentException("has no key " + role.alias + " (card numbers at rest need it)");
        }
        return new PanVault(keys.key(KeyRole.PAN_KEY.alias), keys.key(KeyRole.PAN_HASH_KEY.alias));
    }

    /** The vault over the keystore file's keys; one-line IllegalArgumentException naming the file when it cannot be. */
    public static PanVault open(Path keystore, char[] password) {
        KeyVault keys = KeyVault.load(keystore, password); // its messages already name the file
        try {
            return from(keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keystore " + keystore + " " + e.getMessage());
        }
    }

    /** HMAC-SHA256 of the card number: equal numbers, equal hashes; 32 bytes. */
    public byte[] lookupHash(String pan) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return mac.doFinal(digits(pan));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    /**
     * HMAC-SHA256 of a one-time code under pan-hash-key, after a label: the code is found by it, a stolen table cannot
     * be searched by hashing every 16-digit code without the key, and no code hash can equal a card number's hash.
     */
    public byte[] codeHash(String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            mac.update(OTC_LABEL);
            return mac.doFinal(code.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    /** A format byte, the nonce, then the ciphertext and its tag: 1 + 12 + length of the PAN + 16 bytes. */
    public byte[] encrypt(String pan) {
        byte[] clear = digits(pan);
        try {
            return seal(clear, lookupHash(pan));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /**
     * The card number sealed in {@code cipher} for the card whose lookup hash is {@code lookupHash}. A ciphertext
     * that was altered, belongs to another card, or was made under another pan-key is an IllegalStateException.
     */
    public String decrypt(byte[] cipher, byte[] lookupHash) {
        return open(cipher, lookupHash, "card number");
    }

    /**
     * A card's PVK index and PVV ({@code pvkiAndPvv}, 5 digits) sealed for the card {@code pan}: a PVV is kept only
     * this way. Its associated data is a label and the card's lookup hash, so it opens only as the PVV of that card
     * (not on another card's row, nor as a card number).
     */
    public byte[] sealPvv(String pan, String pvkiAndPvv) {
        if (pvkiAndPvv == null || !pvkiAndPvv.matches("[0-9]{5}")) throw new IllegalArgumentException("a PVK index and PVV are 5 digits");
        byte[] clear = pvkiAndPvv.getBytes(StandardCharsets.US_ASCII);
        try {
            return seal(clear, pvvAad(pan));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /** The PVK index and PVV (5 digits) {@link #sealPvv} sealed for {@code pan}; IllegalStateException when it will not open. */
    public String openPvv(String pan, byte[] sealed) {
        return open(sealed, pvvAad(pan), "PVV");
    }

    private byte[] pvvAad(String pan) {
        byte[] hash = lookupHash(pan);
        byte[] aad = Arrays.copyOf(PVV_LABEL, PVV_LABEL.length + hash.length);
        System.arraycopy(hash, 0, aad, PVV_LABEL.length, hash.length);
        return aad;
    }

    /** AES-GCM under pan-key, for other secrets the issuer keeps at rest (shops' API secrets, held codes). */
    public AesGcmSeal sealer() {
        return sealer;
    }

    private byte[] seal(byte[] clear, byte[] aad) {
        return sealer.seal(clear, aad);
    }

    private String open(byte[] cipher, byte[] aad, String what) {
        byte[] clear = sealer.open(cipher, aad, what);
        String text = new String(clear, StandardCharsets.US_ASCII);
        Arrays.fill(clear, (byte) 0);
        return text;
    }

    /** First 6 and last 4 digits: what views, joins and logs may show. */
    public static String mask(String pan) {
        return CardNumbers.mask(pan);
    }

    private static byte[] digits(String pan) {
        if (pan == null || pan.isEmpty() || !pan.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IllegalArgumentException("a card number is digits, got " + (pan == null ? "none" : mask(pan)));
        }
        return pan.getBytes(StandardCharsets.US_ASCII);
    }

    private static String describe(SecretKey k) {
        return k.getAlgorithm() + " " + (k.getEncoded().length * 8) + " bits";
    }

    /** The keys by check value only: which keys, never what they are. */
    @Override
    public String toString() {
        return "PanVault[" + KeyRole.PAN_KEY.alias + " KCV " + CheckValue.of(panKey) + ", " + KeyRole.PAN_HASH_KEY.alias
                + " KCV " + CheckValue.of(hashKey) + "]";
    }
}
