package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.veil.packagers.Dialect;
import org.veil.packagers.PrivateData;
import org.veil.security.AesCmac;
import org.veil.security.CheckValue;
import org.veil.security.Dukpt;
import org.veil.security.KeyVault;
import org.veil.security.PinBlock;
import org.veil.security.RetailMac;
import org.veil.security.WorkingKeys;

/** The terminal's security steps checked the way the switch will: decrypt the PIN, recompute the MAC, issue keys. */
class SecureTerminalTest {
    private static final String PAN = "9999000000000012";
    private static final String PIN = "9081726354";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final KeyVault VAULT = KeyVault.load(SecureSwitchStandIn.KEYSTORE, SecureSwitchStandIn.PASSWORD.toCharArray());
    private static final String KSN = "FFFF9876543210E00007";

    private final SecureTerminal terminal = new SecureTerminal(new TerminalKeys(VAULT, KsnCounter.startingAt(KSN)));
    private final RequestFactory factory = new RequestFactory("TERM0001", "MERCHANT0000001", "Veil Demo Coffee", "840", 1);

    private static String clear(char[] pin) {
        try {
            return new String(pin);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    @Test
    void tdesPinBlockDecryptsUnderTheTpkToThePin() {
        ISOMsg m = terminal.withPin(factory.purchase(CardData.keyed(PAN, "2812"), 100), PinMode.TDES, PIN);
        assertEquals(PIN, clear(PinBlock.decryptFormat0(VAULT.key("tpk"), m.getBytes(52), PAN)));
        assertEquals("011", m.getString(22), "keyed, PIN capable");
        assertFalse(m.hasField(48));
    }

    @Test
    void dukptPinBlockDecryptsUnderTheKeyOfItsKsnAndTheCounterAdvances() {
        CardData swiped = CardData.swiped(PAN, "2812");
        ISOMsg first = terminal.withPin(factory.purchase(swiped, 100), PinMode.DUKPT, PIN);
        ISOMsg second = terminal.withPin(factory.balance(swiped), PinMode.DUKPT, "1234");
        String ksn1 = PrivateData.parse(first.getString(48)).get(PrivateData.KEY_SERIAL_NUMBER);
        String ksn2 = PrivateData.parse(second.getString(48)).get(PrivateData.KEY_SERIAL_NUMBER);
        assertEquals(KSN, ksn1);
        assertEquals("FFFF9876543210E00008", ksn2);
        SecretKey ipek = Dukpt.ipek(VAULT.key("bdk"), ksn1); // the switch derives it from the BDK and the KSN
        assertEquals(PIN, clear(PinBlock.decryptFormat0(Dukpt.pinKey(ipek, ksn1), first.getBytes(52), PAN)));
        assertEquals("1234", clear(PinBlock.decryptFormat0(Dukpt.pinKey(ipek, ksn2), second.getBytes(52), PAN)));
        assertEquals("901", first.getString(22), "swiped, PIN capable");
    }

    @Test
    void aesPinBlockGoesInField48P4AndDecryptsUnderTheAesTpk() {
        ISOMsg m = terminal.withPin(RequestFactory.withPartialApproval(factory.purchase(CardData.keyed(PAN, "2812"), 100)), PinMode.AES, PIN);
        assertFalse(m.hasField(52));
        PrivateData pd = PrivateData.parse(m.getString(48));
        assertEquals("Y", pd.get(PrivateData.PARTIAL_APPROVAL), "the other tags stay");
        assertEquals(32, pd.get(SecureTerminal.AES_PIN_BLOCK).length());
        assertEquals(PIN, clear(PinBlock.pinFromFormat4(VAULT.key("tpk-aes"), HEX.parseHex(pd.get(SecureTerminal.AES_PIN_BLOCK)), PAN)));
    }

    @Test
    void aPinNeedsACardNumberAndAWellFormedPin() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> terminal.withPin(factory.echo(), PinMode.TDES, PIN));
        assertTrue(none.getMessage().contains("card number"), none.getMessage());
        IllegalArgumentException shortPin = assertThrows(IllegalArgumentException.class,
                () -> terminal.withPin(factory.purchase(CardData.keyed(PAN, "2812"), 1), PinMode.TDES, "77"));
        assertFalse(shortPin.getMessage().contains("77"), "the PIN is not repeated: " + shortPin.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void theRequestMacIsRetailMacOrAesCmacOverTheDialectsMacInput(Dialect dialect) throws Exception {
        ISOMsg request = terminal.withPin(factory.purchase(CardData.keyed(PAN, "2812"), 100), PinMode.TDES, PIN);
        ISOMsg retail = terminal.withMac(dialect, request, MacMode.RETAIL);
        assertArrayEquals(RetailMac.mac(VAULT.key("tak"), dialect.macInput(request)), retail.getBytes(64));
        ISOMsg cmac = terminal.withMac(dialect, request, MacMode.AES_CMAC);
        assertArrayEquals(Arrays.copyOf(AesCmac.mac(VAULT.key("tak-aes"), dialect.macInput(request)), 8), cmac.getBytes(64));
        assertFalse(request.hasField(64), "a copy is MACed");
        assertFalse(terminal.withMac(dialect, request, MacMode.NONE).hasField(64));
        // and what the switch receives verifies: packed, unpacked, MAC recomputed over its own macInput
        retail.setPackager(dialect.packager());
        ISOMsg received = new ISOMsg();
        received.setPackager(dialect.packager());
        received.unpack(retail.pack());
        assertTrue(RetailMac.verify(VAULT.key("tak"), dialect.macInput(received), received.getBytes(64)));
    }

    @Test
    void anAnswerMacVerifiesOnlyWhenItIsTheMacOfTheAnswer() throws Exception {
        Dialect d = Dialect.TERMINAL;
        ISOMsg answer = JposLoopbackServer.answer(factory.purchase(CardData.keyed(PAN, "2812"), 100), "00");
        ISOMsg maced = terminal.withMac(d, answer, MacMode.RETAIL);
        assertTrue(terminal.answerMacVerifies(d, maced, MacMode.RETAIL));
        ISOMsg tampered = (ISOMsg) maced.clone();
        tampered.set(4, "000000000999");
        assertFalse(terminal.answerMacVerifies(d, tampered, MacMode.RETAIL), "content changed");
        assertFalse(terminal.answerMacVerifies(d, maced, MacMode.AES_CMAC), "another algorithm");
        assertFalse(terminal.answerMacVerifies(d, answer, MacMode.RETAIL), "no MAC at all");
        assertTrue(terminal.answerMacVerifies(d, answer, MacMode.NONE), "nothing to check for an un-MACed request");
        ISOMsg violation = (ISOMsg) answer.clone();
        violation.set(39, "63");
        assertTrue(terminal.answerMacVerifies(d, violation, MacMode.RETAIL), "a 63 carries no MAC by design");
    }

    @Test
    void aKeyChangeReplacesTpkAndTakAfterTheirCheckValuesMatch() throws Exception {
        TerminalKeys keys = terminal.keys();
        WorkingKeys.Issued tpk = WorkingKeys.issue(VAULT.key("tmk"));
        WorkingKeys.Issued tak = WorkingKeys.issue(VAULT.key("tmk"));
        ISOMsg wrong = keyChangeAnswer(tpk, tak, "ABCDEF");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> terminal.takeNewKeys(wrong));
        assertTrue(refused.getMessage().startsWith("the terminal refuses the new keys: PK: working key check value mismatch"), refused.getMessage());
        assertEquals(CheckValue.of(VAULT.key("tpk")), CheckValue.of(keys.tpk()), "the old keys stay");
        assertEquals(CheckValue.of(VAULT.key("tak")), CheckValue.of(keys.tak()));

        TerminalKeys.NewKeys taken = terminal.takeNewKeys(keyChangeAnswer(tpk, tak, tpk.checkValue()));
        assertEquals(new TerminalKeys.NewKeys(tpk.checkValue(), tak.checkValue()), taken);
        assertEquals(tpk.checkValue(), CheckValue.of(keys.tpk()));
        assertEquals(tak.checkValue(), CheckValue.of(keys.tak()));
        // the next PIN block and MAC use them
        ISOMsg next = terminal.withMac(Dialect.TERMINAL,
                terminal.withPin(factory.purchase(CardData.keyed(PAN, "2812"), 100), PinMode.TDES, PIN), MacMode.RETAIL);
        assertEquals(PIN, clear(PinBlock.decryptFormat0(tpk.key(), next.getBytes(52), PAN)));
        assertTrue(terminal.answerMacVerifies(Dialect.TERMINAL, next, MacMode.RETAIL));
        assertArrayEquals(RetailMac.mac(tak.key(), Dialect.TERMINAL.macInput(next)), next.getBytes(64));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> terminal.takeNewKeys(new ISOMsg()));
        assertTrue(missing.getMessage().contains("no field 48 PK"), missing.getMessage());
    }

    private static ISOMsg keyChangeAnswer(WorkingKeys.Issued tpk, WorkingKeys.Issued tak, String tpkCheckValue) {
        ISOMsg a = new ISOMsg("0810");
        a.set(39, "00");
        a.set(70, "101");
        a.set(48, PrivateData.empty().with("PK", HEX.formatHex(tpk.underTmk()) + tpkCheckValue)
                .with("MK", HEX.formatHex(tak.underTmk()) + tak.checkValue()).format());
        return a;
    }

    @Test
    void terminalProfilesFollowTheSwitchDefaults() {
        assertEquals(new TerminalProfile(PinMode.AES, MacMode.AES_CMAC), TerminalProfile.of("TERM0003"));
        assertEquals(new TerminalProfile(PinMode.AES, MacMode.AES_CMAC), TerminalProfile.of("VAN00003"));
        assertEquals(PinMode.DUKPT, TerminalProfile.of("VAN00004").pin());
        assertEquals(new TerminalProfile(PinMode.TDES, MacMode.RETAIL), TerminalProfile.of("TERM0001"));
        assertNull(SecureTerminal.panOf(factory.echo()));
        assertEquals(PAN, SecureTerminal.panOf(factory.purchase(CardData.swiped(PAN, "2812"), 1)));
    }
}
