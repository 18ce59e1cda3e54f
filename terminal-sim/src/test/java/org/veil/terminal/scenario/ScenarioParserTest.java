package org.veil.terminal.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.veil.packagers.Dialect;

class ScenarioParserTest {
    private static final Path YML = Path.of("scenarios", "case.yml");
    private static final String SEND = """
              - id: buy
                send:
                  mti: "0200"
                  fields: { 11: "${stan}", 41: TERM0001 }
            """;

    private static Scenario parse(String text) throws BadScenarioFile {
        List<Scenario> all = ScenarioParser.parse(YML, text);
        assertEquals(1, all.size(), "one dialect, one scenario");
        return all.getFirst();
    }

    @Test
    void aListOfDialectsGivesOneScenarioPerDialectNamedForIt() throws Exception {
        List<Scenario> both = ScenarioParser.parse(YML, """
                name: Echo
                dialect: [TERMINAL, VAN]
                steps:
                """ + SEND);
        assertEquals(List.of("Echo [TERMINAL]", "Echo [VAN]"), both.stream().map(Scenario::name).toList());
        assertEquals(Dialect.TERMINAL, ((ScenarioStep.Send) both.get(0).steps().getFirst()).dialect());
        assertEquals(Dialect.VAN, ((ScenarioStep.Send) both.get(1).steps().getFirst()).dialect());
    }

    @Test
    void includedStepsTakeThePlaceOfTheIncludeAndTheirErrorsNameTheIncludedFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("_shared"));
        Files.writeString(dir.resolve("_shared/card.yml"), """
                - id: card
                  admin: POST /cards
                - admin: POST /cards/${card.id}/load
                  body: { amount: 100 }
                """);
        Path scenario = dir.resolve("a.yml");
        List<Scenario> s = ScenarioParser.parse(scenario, "name: a\nsteps:\n  - include: _shared/card.yml\n" + SEND);
        assertEquals(java.util.Arrays.asList("card", null, "buy"), s.getFirst().steps().stream().map(ScenarioStep::id).toList());

        Files.writeString(dir.resolve("_shared/card.yml"), "- admin: FETCH /cards\n");
        BadScenarioFile bad = assertThrows(BadScenarioFile.class,
                () -> ScenarioParser.parse(scenario, "name: a\nsteps:\n  - include: _shared/card.yml\n"));
        assertTrue(bad.getMessage().contains("step 1 (include _shared/card.yml, step 1): admin: unknown method FETCH"), bad.getMessage());
        BadScenarioFile missing = assertThrows(BadScenarioFile.class,
                () -> ScenarioParser.parse(scenario, "name: a\nsteps:\n  - include: nope.yml\n"));
        assertTrue(missing.getMessage().contains("step 1: include nope.yml cannot be read"), missing.getMessage());
        Files.writeString(dir.resolve("_shared/loop.yml"), "- include: loop.yml\n");
        BadScenarioFile loop = assertThrows(BadScenarioFile.class,
                () -> ScenarioParser.parse(scenario, "name: a\nsteps:\n  - include: _shared/loop.yml\n"));
        assertTrue(loop.getMessage().contains("nested deeper than 5"), loop.getMessage());
        // a directory run skips _shared: its files are steps, not scenarios
        Files.writeString(scenario, "name: a\nsteps:\n  - admin: GET /products\n");
        assertEquals(List.of(scenario), ScenarioFiles.collect(List.of(dir)));
    }

    @Test
    void minMsIsReadAndOnlyGoesWithAnAnswer() throws Exception {
        Scenario s = parse("name: a\nsteps:\n  - send: { mti: \"0200\" }\n    expect: { min-ms: 1500 }\n");
        assertEquals(1500, ((ScenarioStep.Send) s.steps().getFirst()).expect().minMs());
        BadScenarioFile bad = assertThrows(BadScenarioFile.class,
                () -> parse("name: a\nsteps:\n  - send: { mti: \"0200\" }\n    expect: { answer: none, min-ms: 5 }\n"));
        assertTrue(bad.getMessage().contains("expect.min-ms cannot go with answer: none"), bad.getMessage());
    }

    @Test
    void readsTheSpecExample() throws Exception {
        Scenario s = parse("""
                name: Purchase approved
                description: free text
                dialect: van
                vars:
                  terminal: TERM0001
                  tid2: ${terminal}-2
                steps:
                  - id: card
                    admin: POST /cards
                    body: { product: PREPAID-USD }
                    status: 201
                  - id: buy
                    timeout-ms: 700
                    send:
                      mti: "0200"
                      dialect: TERMINAL
                      fields:
                        3: 000000
                        4: 000000001000
                        49: 840
                        48: { PA: Y }
                        52: 0123456789abcdef
                    expect:
                      mti: "0210"
                      fields: { 39: "00", 38: present, 55: absent, 37: echo, 54: "/^.{20,}$/" }
                  - send: { from: buy, mti: "0201", fields: { 52: ~ } }
                    expect: { answers: 2 }
                  - switch: POST /faults
                    expect: { "holds[0].status": ACTIVE }
                  - sleep-ms: 250
                """);
        assertEquals("Purchase approved", s.name());
        assertEquals(Dialect.VAN, s.dialect());
        assertEquals(List.of("terminal", "tid2"), List.copyOf(s.vars().keySet()));
        assertEquals(5, s.steps().size());
        ScenarioStep.Http card = assertInstanceOf(ScenarioStep.Http.class, s.steps().get(0));
        assertEquals("admin POST /cards", card.name());
        assertEquals(201, card.status());
        ScenarioStep.Send buy = assertInstanceOf(ScenarioStep.Send.class, s.steps().get(1));
        assertEquals(Dialect.TERMINAL, buy.dialect());
        assertEquals(700L, buy.timeoutMs());
        // leading zeros stay text (YAML 1.1 would read 000000 as the octal 0)
        assertEquals("000000", buy.fields().get(3));
        assertEquals("000000001000", buy.fields().get(4));
        assertEquals("840", buy.fields().get(49));
        assertEquals(Map.of("PA", "Y"), buy.fields().get(48));
        assertEquals("0200 → 0210", buy.name());
        assertInstanceOf(FieldExpectation.Echo.class, buy.expect().fields().get(37));
        assertInstanceOf(FieldExpectation.Regex.class, buy.expect().fields().get(54));
        ScenarioStep.Send repeat = assertInstanceOf(ScenarioStep.Send.class, s.steps().get(2));
        assertEquals("buy", repeat.from());
        assertEquals(Dialect.TERMINAL, repeat.dialect(), "a repeat goes where its original went");
        assertTrue(repeat.fields().containsKey(52));
        assertNull(repeat.fields().get(52));
        assertEquals(2, repeat.expect().count());
        assertEquals("0201 → 2 × answer", repeat.name());
        assertEquals(ControlApi.SWITCH, ((ScenarioStep.Http) s.steps().get(3)).api());
        assertEquals("sleep 250 ms", s.steps().get(4).name());
    }

    @Test
    void jsonIsReadWithTheSameRules() throws Exception {
        Scenario s = ScenarioParser.parse(Path.of("x.json"), """
                {"name": "json one", "steps": [
                  {"send": {"mti": "0800", "fields": {"70": "301", "11": "${stan}", "41": "TERM0001"}},
                   "expect": {"fields": {"39": "00"}}}]}
                """).getFirst();
        ScenarioStep.Send send = (ScenarioStep.Send) s.steps().getFirst();
        assertEquals("301", send.fields().get(70));
        assertEquals(Dialect.TERMINAL, send.dialect());
        assertEquals("0800 → answer", send.name());
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad("is empty", ""),
                bad("is not valid YAML at line 2", "name: x\n steps: [\n"),
                bad("found duplicate key name", "name: a\nname: b\nsteps: []\n"),
                bad("must be a map", "- just a list\n"),
                bad("name is required", "steps:\n" + SEND),
                bad("name must be one line", "name: |\n  two\n  lines\nsteps:\n" + SEND),
                bad("unknown key 'stepz'", "name: x\nstepz: []\n"),
                bad("steps is required", "name: x\nsteps: []\n"),
                bad("dialect must be TERMINAL or VAN, got 'HOST'", "name: x\ndialect: HOST\nsteps:\n" + SEND),
                bad("vars: stan is a built-in", "name: x\nvars: { stan: 1 }\nsteps:\n" + SEND),
                bad("vars: 'a.b' is not a valid name", "name: x\nvars: { a.b: 1 }\nsteps:\n" + SEND),
                bad("step 1: needs one of send, admin, switch or sleep-ms", "name: x\nsteps:\n  - name: nothing\n"),
                bad("step 1: has both send and admin", "name: x\nsteps:\n  - send: { mti: \"0200\" }\n    admin: GET /x\n"),
                bad("step 1 (buy): the step: unknown key 'expekt'", "name: x\nsteps:\n  - id: buy\n    send: { mti: \"0200\" }\n    expekt: {}\n"),
                bad("step 1: send.mti must be 4 digits, got '200'", "name: x\nsteps:\n  - send: { mti: 200 }\n"),
                bad("step 1: send.mti is required", "name: x\nsteps:\n  - send: { fields: { 11: \"1\" } }\n"),
                bad("step 2: send.from: no earlier send step has id nope", "name: x\nsteps:\n" + SEND + "  - send: { from: nope }\n"),
                bad("step 1: send.fields: field 1 does not exist", "name: x\nsteps:\n  - send: { mti: \"0200\", fields: { 1: x } }\n"),
                bad("step 1: send.fields: 'abc' is not a field number", "name: x\nsteps:\n  - send: { mti: \"0200\", fields: { abc: x } }\n"),
                bad("send.fields.52 is binary", "name: x\nsteps:\n  - send: { mti: \"0200\", fields: { 52: XYZ } }\n"),
                bad("send.fields.11: '${' without its closing '}'", "name: x\nsteps:\n  - send: { mti: \"0200\", fields: { 11: \"${stan\" } }\n"),
                bad("expect.answer can only be none", "name: x\nsteps:\n  - send: { mti: \"0200\" }\n    expect: { answer: some }\n"),
                bad("expect.fields cannot go with closed: true", "name: x\nsteps:\n  - send: { mti: \"0200\" }\n    expect: { closed: true, fields: { 39: \"00\" } }\n"),
                bad("expect.answers must be from 1 to 100, got 0", "name: x\nsteps:\n  - send: { mti: \"0200\" }\n    expect: { answers: 0 }\n"),
                bad("expect.fields.39 has no value", "name: x\nsteps:\n  - send: { mti: \"0200\" }\n    expect: { fields: { 39: ~ } }\n"),
                bad("expect.fields.54 is not a valid regex", "name: x\nsteps:\n  - send: { mti: \"0200\" }\n    expect: { fields: { 54: \"/[a-/\" } }\n"),
                bad("expect.available echo is only for fields of an ISO answer", "name: x\nsteps:\n  - admin: GET /cards/1\n    expect: { available: echo }\n"),
                bad("admin must be \"METHOD /path\"", "name: x\nsteps:\n  - admin: /cards\n"),
                bad("admin: unknown method FETCH", "name: x\nsteps:\n  - admin: FETCH /cards\n"),
                bad("body must be a JSON object", "name: x\nsteps:\n  - admin: POST /cards\n    body: [1, 2]\n"),
                bad("status must be from 100 to 599, got 42", "name: x\nsteps:\n  - admin: POST /cards\n    status: 42\n"),
                bad("sleep-ms must be from 0 to 60000, got 70000", "name: x\nsteps:\n  - sleep-ms: 70000\n"),
                bad("timeout-ms must be a whole number", "name: x\nsteps:\n  - sleep-ms: 1\n    timeout-ms: soon\n"),
                bad("step 2 (buy): id buy is used by an earlier step", "name: x\nsteps:\n" + SEND + SEND),
                bad("id must be a name", "name: x\nsteps:\n  - id: a.b\n    sleep-ms: 1\n"));
    }

    private static Arguments bad(String problem, String text) {
        return Arguments.of(problem, text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileGivesOneLineNamingTheFileAndTheProblem(String problem, String text) {
        BadScenarioFile e = assertThrows(BadScenarioFile.class, () -> parse(text));
        String line = e.getMessage();
        assertTrue(line.startsWith(YML + ": "), line);
        assertTrue(line.contains(problem), line);
        assertFalse(line.contains("\n"), line);
        assertFalse(line.contains("Exception"), line);
    }

    @Test
    void badJsonSaysWhere() {
        BadScenarioFile e = assertThrows(BadScenarioFile.class, () -> ScenarioParser.parse(Path.of("x.json"), "{\"name\": \"a\",\n \"name\": \"b\"}"));
        assertTrue(e.getMessage().startsWith("x.json: is not valid JSON at line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
