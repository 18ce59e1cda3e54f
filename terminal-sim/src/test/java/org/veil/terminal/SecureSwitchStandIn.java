package org.veil.terminal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.jpos.iso.BaseChannel;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.Dialect;
import org.veil.packagers.PrivateData;
import org.veil.security.AesCmac;
import org.veil.security.Dukpt;
import org.veil.security.KeyVault;
import org.veil.security.PinBlock;
import org.veil.security.RetailMac;
import org.veil.security.WorkingKeys;

/**
 * The switch side of the edge security design, as little of it as the simulator's tests need: verifies field 64 by
 * the terminal's profile (bad → 63 without a MAC), decrypts the PIN (tdes / dukpt / aes) and keeps it for the test,
 * answers a key change with new working keys under the TMK (MACed under the old TAK), MACs its answers when the
 * request was MACed. Misbehaves on request: a tampered or missing answer MAC, a wrong check value.
 */
final class SecureSwitchStandIn implements JposLoopbackServer.Responder {
    static final Path KEYSTORE = Path.of("..", "cfg", "keys", "TEST-ONLY-keys.p12");
    static final String PASSWORD = "test-only-not-a-secret";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    enum AnswerMac { GOOD, TAMPERED, MISSING }

    final KeyVault vault = KeyVault.load(KEYSTORE, PASSWORD.toCharArray());
    private final Dialect dialect;
    private final Map<String, SecretKey[]> working = new ConcurrentHashMap<>();
    /** Clear PINs as decrypted here, with the mode: "tdes:1234". */
    final List<String> pins = Collections.synchronizedList(new ArrayList<>());
    final List<String> ksns = Collections.synchronizedList(new ArrayList<>());
    /** Hex of every secret that went over the wire (PIN blocks, MACs, keys under the TMK): never to be printed. */
    final List<String> wireSecrets = Collections.synchronizedList(new ArrayList<>());
    /** Check values of the working keys issued, in order TPK, TAK. */
    final List<String> issuedCheckValues = Collections.synchronizedList(new ArrayList<>());
    final List<String> macVerdicts = Collections.synchronizedList(new ArrayList<>());
    volatile AnswerMac answerMac = AnswerMac.GOOD;
    volatile boolean wrongCheckValue;

    SecureSwitchStandIn(Dialect dialect) {
        this.dialect = dialect;
    }

    private static String profile(String tid, boolean pin) {
        return switch (tid) {
            case "TERM0003", "VAN00003" -> pin ? "aes" : "aes-cmac";
            case "TERM0004", "VAN00004" -> pin ? "dukpt" : "retail";
            default -> pin ? "tdes" : "retail";
        };
    }

    SecretKey tpk(String tid) {
        SecretKey[] w = working.get(tid);
        return w != null ? w[0] : vault.key("tpk");
    }

    SecretKey tak(String tid) {
        SecretKey[] w = working.get(tid);
        return w != null ? w[1] : vault.key("tak");
    }

    private byte[] mac(String tid, ISOMsg m) throws Exception {
        byte[] input = dialect.macInput(m);
        return "aes-cmac".equals(profile(tid, false)) ? Arrays.copyOf(AesCmac.mac(vault.key("tak-aes"), input), 8)
                : RetailMac.mac(tak(tid), input);
    }

    @Override
    public void onRequest(ISOMsg request, BaseChannel ch) throws Exception {
        String tid = request.getString(41).trim();
        boolean macked = request.hasField(64);
        if (macked) {
            wireSecrets.add(HEX.formatHex(request.getBytes(64)));
            boolean ok = Arrays.equals(mac(tid, request), request.getBytes(64));
            macVerdicts.add(ok ? "good" : "bad");
            if (!ok) {
                ch.send(answer(request, "63"));
                return;
            }
        }
        ISOMsg a = answer(request, "00");
        SecretKey[] newKeys = null;
        if ("101".equals(request.getString(70))) {
            if (!"tdes".equals(profile(tid, true))) {
                a.set(39, "12");
            } else {
                WorkingKeys.Issued tpk = WorkingKeys.issue(vault.key("tmk"));
                WorkingKeys.Issued tak = WorkingKeys.issue(vault.key("tmk"));
                issuedCheckValues.add(tpk.checkValue());
                issuedCheckValues.add(tak.checkValue());
                String tpkKcv = wrongCheckValue ? "000000" : tpk.checkValue();
                a.set(48, PrivateData.empty().with("PK", HEX.formatHex(tpk.underTmk()) + tpkKcv)
                        .with("MK", HEX.formatHex(tak.underTmk()) + tak.checkValue()).format());
                wireSecrets.add(HEX.formatHex(tpk.underTmk()));
                wireSecrets.add(HEX.formatHex(tak.underTmk()));
                newKeys = new SecretKey[] {tpk.key(), tak.key()};
            }
        } else if (request.hasField(52) || PrivateData.parse(request.getString(48)).get("P4") != null) {
            try {
                pins.add(pin(tid, request));
            } catch (RuntimeException e) { // wrong key, PAN or format: the PIN cannot be read
                pins.add("undecipherable");
                a.set(39, "55");
            }
        }
        if (macked && answerMac != AnswerMac.MISSING) {
            byte[] mac = mac(tid, a); // under the old TAK, also for a key change
            if (answerMac == AnswerMac.TAMPERED) mac[0] ^= 1;
            a.set(64, mac);
            wireSecrets.add(HEX.formatHex(mac));
        }
        if (newKeys != null) working.put(tid, newKeys);
        ch.send(a);
    }

    private String pin(String tid, ISOMsg request) {
        PrivateData pd = PrivateData.parse(request.getString(48));
        String pan = request.hasField(2) ? request.getString(2) : request.getString(35).split("[=D]")[0];
        String mode = profile(tid, true);
        char[] pin;
        switch (mode) {
            case "aes" -> {
                wireSecrets.add(pd.get("P4"));
                pin = PinBlock.pinFromFormat4(vault.key("tpk-aes"), HEX.parseHex(pd.get("P4")), pan);
            }
            case "dukpt" -> {
                String ksn = pd.get("KS");
                ksns.add(ksn);
                wireSecrets.add(HEX.formatHex(request.getBytes(52)));
                pin = PinBlock.decryptFormat0(Dukpt.pinKey(Dukpt.ipek(vault.key("bdk"), ksn), ksn), request.getBytes(52), pan);
            }
            default -> {
                wireSecrets.add(HEX.formatHex(request.getBytes(52)));
                pin = PinBlock.decryptFormat0(tpk(tid), request.getBytes(52), pan);
            }
        }
        return mode + ":" + new String(pin);
    }

    private static ISOMsg answer(ISOMsg request, String code) throws Exception {
        ISOMsg a = (ISOMsg) request.clone();
        a.setResponseMTI();
        for (int f : new int[] {2, 14, 35, 48, 52, 64}) a.unset(f);
        a.set(39, code);
        return a;
    }
}
