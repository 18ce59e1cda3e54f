package org.veil.terminal.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;

class ScenarioMatchersTest {
    private static final UnaryOperator<String> SHOWN = v -> v;
    private final Template.Lookup vars = Variables.of(new RunIdentity("t", 1), Map.of("code", "00"), Map.of()).forStep();

    ScenarioMatchersTest() throws StepFailure {}

    private String check(Object expected, String actual, String sent) throws StepFailure {
        return FieldExpectation.parse(expected, true).check(actual, sent, vars, SHOWN);
    }

    @Test
    void exactValueAfterVariables() throws Exception {
        assertNull(check("00", "00", null));
        assertNull(check("${code}", "00", null));
        assertNull(check(840, "840", null));
        assertEquals("expected \"00\", got \"51\"", check("00", "51", null));
        assertEquals("expected \"00\", absent", check("00", null, null));
        // exact means exact: a padded fixed field differs from its trimmed text
        assertEquals("expected \"Shop\", got \"Shop  \"", check("Shop", "Shop  ", null));
    }

    @Test
    void presentAndAbsent() throws Exception {
        assertNull(check("present", "A12345", null));
        assertEquals("expected present, absent", check("present", null, null));
        assertNull(check("absent", null, null));
        assertEquals("expected absent, got \"X\"", check("absent", "X", null));
    }

    @Test
    void echoComparesWithTheRequestAsSent() throws Exception {
        assertNull(check("echo", "000123", "000123"));
        assertEquals("expected \"000123\" (as in the request), got \"000124\"", check("echo", "000124", "000123"));
        assertEquals("expected \"000123\" (as in the request), absent", check("echo", null, "000123"));
        assertNull(check("echo", null, null));
        assertEquals("echo is only for fields of an ISO answer",
                assertThrows(IllegalArgumentException.class, () -> FieldExpectation.parse("echo", false)).getMessage());
    }

    @Test
    void regexMustMatchTheWholeValue() throws Exception {
        assertInstanceOf(FieldExpectation.Regex.class, FieldExpectation.parse("/^.{20,}$/", true));
        assertNull(check("/^.{20,}$/", "1002840C000000005000", null));
        assertNull(check("/[0-9]{6}/", "123456", null));
        assertEquals("expected /[0-9]{6}/, got \"1234567\"", check("/[0-9]{6}/", "1234567", null));
        assertEquals("expected /A.*/, absent", check("/A.*/", null, null));
        assertNull(check("/${code}|10/", "00", null));
        // a lone slash or "//"-less text is an exact value
        assertInstanceOf(FieldExpectation.Exact.class, FieldExpectation.parse("/", true));
    }

    @Test
    void secretFieldsAreMaskedInDifferences() throws Exception {
        FieldExpectation pan = FieldExpectation.parse("9999000000000012", true);
        assertEquals("expected \"999900******0012\", got \"999900******0020\"",
                pan.check("9999000000000020", null, vars, v -> Secrets.field(2, v)));
        assertEquals("expected \"****************\", got \"****************\"",
                FieldExpectation.parse("0123456789ABCDEF", true).check("FEDCBA9876543210", null, vars, v -> Secrets.field(52, v)));
        assertEquals("999900******0012=" + "*".repeat(15), Secrets.field(35, "9999000000000012=281210100000000"));
        assertEquals("card 999900******0012 and stan 000123 and 1234567890123",
                Secrets.scrub("card 9999000000000012 and stan 000123 and 1234567890123"));
        assertEquals("999900******0012", Secrets.json("pan", "9999000000000012"));
        assertEquals("***", Secrets.json("cvv2", "123"));
    }

    @Test
    void binaryFieldsAreUppercaseHexInBothDirections() {
        ISOMsg m = new ISOMsg();
        FieldText.write(m, 52, "0123456789abcdef");
        assertEquals("0123456789ABCDEF", FieldText.read(m, 52));
        m.set(55, new String(new byte[] {(byte) 0x9F, 0x26, 0x01}, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("9F2601", FieldText.read(m, 55), "VAN's character field 55 reads as the hex of its bytes");
        assertEquals("field 64 is binary: write it as an even number of hex digits",
                assertThrows(IllegalArgumentException.class, () -> FieldText.write(m, 64, "ABC")).getMessage());
    }
}
