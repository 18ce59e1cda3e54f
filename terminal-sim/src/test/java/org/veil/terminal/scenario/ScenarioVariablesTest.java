package org.veil.terminal.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.veil.packagers.Dialect;

class ScenarioVariablesTest {
    private static final RunIdentity RUN = new RunIdentity("tok1", 999_998);

    private static Variables vars(Map<String, Object> file, Map<String, String> cli) throws StepFailure {
        return Variables.of(RUN, file, cli);
    }

    @Test
    void builtInsAreFixedWithinAStepAndFreshForTheNext() throws Exception {
        Variables v = vars(Map.of(), Map.of());
        Variables.Scope a = v.forStep();
        String stan = Template.resolve("${stan}", a);
        assertTrue(stan.matches("\\d{6}"), stan);
        assertEquals(stan + "/" + stan, Template.resolve("${stan}/${stan}", a));
        String now = Template.resolve("${now}", a);
        assertTrue(now.matches("\\d{10}"), now);
        assertEquals(now, Template.resolve("${now}", a));
        assertTrue(Template.resolve("${now.time}|${now.date}|${now.yymm}", a).matches("\\d{6}\\|\\d{4}\\|\\d{4}"));
        String rrn = Template.resolve("${rrn}", a);
        assertTrue(rrn.matches("\\d{12}"), rrn);
        assertEquals(rrn, Template.resolve("${rrn}", a));
        assertEquals("scn-tok1", Template.resolve("scn-${run}", a));

        Variables.Scope b = v.forStep();
        assertNotEquals(stan, Template.resolve("${stan}", b));
        assertNotEquals(rrn, Template.resolve("${rrn}", b));
    }

    @Test
    void stanWrapsAfter999999AndNeverGivesZero() {
        RunIdentity r = new RunIdentity("t", 999_999);
        assertEquals("999999", r.nextStan());
        assertEquals("000001", r.nextStan());
    }

    @Test
    void varsUseEarlierVarsAndTheCommandLineOverridesThem() throws Exception {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("terminal", "TERM0001");
        file.put("label", "${terminal}-x");
        file.put("amount", 10000);
        Variables v = vars(file, Map.of("terminal", "TERM0009", "extra", "e"));
        Variables.Scope s = v.forStep();
        assertEquals("TERM0009|TERM0009-x|10000|e", Template.resolve("${terminal}|${label}|${amount}|${extra}", s));
    }

    @Test
    void anUnknownVariableFailsTheStepAndIsNeverEmpty() throws Exception {
        Variables.Scope s = vars(Map.of("terminal", "T1"), Map.of()).forStep();
        StepFailure e = assertThrows(StepFailure.class, () -> Template.resolve("x${termnal}y", s));
        assertEquals("unknown variable ${termnal}", e.getMessage());
        e = assertThrows(StepFailure.class, () -> Template.resolve("${card.pan}", s));
        assertEquals("unknown variable ${card.pan} (no earlier step has id card)", e.getMessage());
        e = assertThrows(StepFailure.class, () -> vars(Map.of("a", "${b}"), Map.of()));
        assertEquals("unknown variable ${b}", e.getMessage());
    }

    @Test
    void doubleDollarWritesALiteralReference() throws Exception {
        Variables.Scope s = vars(Map.of("a", "A"), Map.of()).forStep();
        assertEquals("${a} is A", Template.resolve("$${a} is ${a}", s));
        assertEquals("cost $5", Template.resolve("cost $5", s));
        assertEquals(List.of("a"), Template.names("$${x} ${a}"));
    }

    @Test
    void stepDataIsReachedByIdAndPath() throws Exception {
        Variables v = vars(Map.of(), Map.of());
        JsonNode card = Values.JSON.readTree("{\"id\":7,\"pan\":\"9999000000000012\",\"balance\":{\"available\":9000},"
                + "\"holds\":[{\"amount\":100,\"status\":\"ACTIVE\"}]}");
        v.record("card", new StepData.Json(card));
        ISOMsg request = new ISOMsg("0200");
        request.set(11, "000123");
        request.set(52, new byte[] {0x01, 0x23, (byte) 0xAB, (byte) 0xCD, 0, 0, 0, 0});
        ISOMsg answer = new ISOMsg("0210");
        answer.set(38, "A1B2C3");
        v.record("buy", new StepData.Exchange(Dialect.TERMINAL, request, answer));
        Variables.Scope s = v.forStep();
        assertEquals("9999000000000012 9000 ACTIVE 7",
                Template.resolve("${card.pan} ${card.balance.available} ${card.holds[0].status} ${card.id}", s));
        assertEquals("000123 A1B2C3 0200 0210 0123ABCD00000000",
                Template.resolve("${buy.request.11} ${buy.answer.38} ${buy.request.mti} ${buy.answer.mti} ${buy.request.52}", s));
        assertEquals("variable ${buy.answer.39}: step buy's answer has no field 39",
                assertThrows(StepFailure.class, () -> Template.resolve("${buy.answer.39}", s)).getMessage());
        assertEquals("variable ${card.holds[1].status}: step card's answer has no holds[1].status",
                assertThrows(StepFailure.class, () -> Template.resolve("${card.holds[1].status}", s)).getMessage());
    }

    @Test
    void aValueThatIsOneReferenceKeepsItsType() throws Exception {
        Variables v = vars(Map.of("load", 10000), Map.of());
        v.record("card", new StepData.Json(Values.JSON.readTree("{\"id\":7}")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", "${load}");
        body.put("card", "${card.id}");
        body.put("reference", "r-${card.id}");
        Object resolved = Template.resolveValue(body, v.forStep());
        assertEquals("{\"amount\":10000,\"card\":7,\"reference\":\"r-7\"}", Values.JSON.writeValueAsString(resolved));
        assertEquals(BigInteger.valueOf(7), ((Map<?, ?>) resolved).get("card"));
    }
}
