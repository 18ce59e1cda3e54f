package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.veil.security.Vectors.hex;

import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Properties;
import java.util.Random;
import javax.crypto.SecretKey;
import org.jpos.core.SimpleConfiguration;
import org.jpos.security.EncryptedPIN;
import org.jpos.security.KeySerialNumber;
import org.jpos.security.SMAdapter;
import org.jpos.security.SecureDESKey;
import org.jpos.security.jceadapter.JCESecurityModule;
import org.jpos.util.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our primitives against jPOS's software HSM (JCESecurityModule, with a throwaway LMK): same values for random input. */
class JposCrossCheckTest {
    private static JCESecurityModule hsm;
    private static final Random RANDOM = new Random(8583);

    @BeforeAll
    static void softwareHsm(@TempDir Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty("lmk", dir.resolve("test.lmk").toString());
        p.setProperty("rebuildlmk", "true");
        hsm = new JCESecurityModule(new SimpleConfiguration(p), new Logger(), "test");
    }

    private static SecureDESKey underLmk(String type, String clearHex) throws Exception {
        short length = clearHex.length() == 16 ? SMAdapter.LENGTH_DES : SMAdapter.LENGTH_DES3_2KEY;
        return hsm.formKEYfromClearComponents(length, type, clearHex);
    }

    private static String digits(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append((char) ('0' + RANDOM.nextInt(10)));
        return b.toString();
    }

    private static String hexKey() {
        byte[] k = new byte[16];
        RANDOM.nextBytes(k);
        return hex(KeyRole.oddParity(k));
    }

    @Test
    void visaPvvAgreesWithJpos() throws Exception {
        for (int i = 0; i < 25; i++) {
            String pvk = hexKey();
            String pan = "4" + digits(15);
            String pin = digits(4);
            int pvki = 1 + RANDOM.nextInt(6);
            EncryptedPIN pinUnderLmk = hsm.encryptPIN(pin, pan);
            String theirs = hsm.calculatePVV(pinUnderLmk, underLmk(SMAdapter.TYPE_PVK, pvk.substring(0, 16)),
                    underLmk(SMAdapter.TYPE_PVK, pvk.substring(16)), pvki);
            assertEquals(theirs, PinVerification.pvv(Vectors.tdes(pvk), pan, pin, pvki), "case " + i);
        }
    }

    @Test
    void cvvAndCvv2AgreeWithJpos() throws Exception {
        for (int i = 0; i < 25; i++) {
            String cvk = hexKey();
            String pan = "4" + digits(15);
            String expiry = String.format("%02d%02d", 25 + RANDOM.nextInt(10), 1 + RANDOM.nextInt(12));
            SecureDESKey a = underLmk(SMAdapter.TYPE_CVK, cvk.substring(0, 16));
            SecureDESKey b = underLmk(SMAdapter.TYPE_CVK, cvk.substring(16));
            for (String serviceCode : new String[] {"101", "201", "000", "999"}) {
                String theirs = hsm.calculateCVD(pan, a, b, expiry, serviceCode);
                assertEquals(theirs, CardVerificationValue.cvv(Vectors.tdes(cvk), pan, expiry, serviceCode), "case " + i + " " + serviceCode);
            }
            String theirs = hsm.calculateCVV(pan, a, b, new SimpleDateFormat("yyMM").parse(expiry), "101");
            assertEquals(theirs, CardVerificationValue.cvv(Vectors.tdes(cvk), pan, expiry, "101"));
        }
    }

    @Test
    void dukptPinBlocksDecryptInJposForManyCounters() throws Exception {
        String bdkHex = "0123456789ABCDEFFEDCBA9876543210";
        SecureDESKey bdk = underLmk(SMAdapter.TYPE_BDK, bdkHex);
        SecretKey ipek = Dukpt.ipek(Vectors.tdes(bdkHex), DukptTest.KSN0);
        int checked = 0;
        for (int c : new int[] {1, 2, 3, 7, 8, 255, 256, 1023, 0x3FF, 0x1FF800, 0x155550, 0x100000, 0x0FFC00, 0x1FF001}) {
            String ksn = DukptTest.ksn(c);
            String pan = "9999" + digits(12);
            String pin = digits(4 + RANDOM.nextInt(9));
            byte[] block = PinBlock.encryptFormat0(Dukpt.pinKey(ipek, ksn), pin, pan);
            EncryptedPIN underDukpt = new EncryptedPIN(block, SMAdapter.FORMAT01, pan);
            EncryptedPIN underLmk = hsm.importPIN(underDukpt, new KeySerialNumber(hex(ksn)), bdk, true);
            assertEquals(pin, hsm.decryptPIN(underLmk), "counter " + Integer.toHexString(c));
            checked++;
        }
        assertTrue(checked > 10);
    }
}
