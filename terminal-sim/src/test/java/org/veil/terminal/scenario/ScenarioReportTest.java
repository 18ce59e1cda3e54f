package org.veil.terminal.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veil.packagers.Dialect;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ScenarioReportTest {
    @TempDir
    Path dir;

    private static ScenarioResult result(String name, StepResult... steps) {
        return new ScenarioResult(new Scenario(Path.of("s", name + ".yml"), name, null, Dialect.TERMINAL, Map.of(), List.of()), List.of(steps));
    }

    @Test
    void totalsPerSuiteAndOverallAndMarkupInNamesSurvives() throws Exception {
        ScenarioResult a = result("a <&> \"quoted\"",
                new StepResult("0200 → 0210", StepResult.Status.PASSED, 1234, List.of()),
                new StepResult("check <balance> & more", StepResult.Status.FAILED, 5,
                        List.of("available: expected \"9000\", got \"10000\"", "field 2: expected \"9999000000000012\", absent")),
                StepResult.skipped("later"));
        ScenarioResult b = result("b", new StepResult("sleep 1 ms", StepResult.Status.PASSED, 1, List.of()));
        Path file = dir.resolve("not/yet/there/report.xml");
        JUnitReport.write(file, List.of(a, b));

        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        assertEquals("4", root.getAttribute("tests"));
        assertEquals("1", root.getAttribute("failures"));
        assertEquals("1", root.getAttribute("skipped"));
        assertEquals("0", root.getAttribute("errors"));
        assertEquals("1.240", root.getAttribute("time"));
        NodeList suites = root.getElementsByTagName("testsuite");
        Element first = (Element) suites.item(0);
        assertEquals("a <&> \"quoted\"", first.getAttribute("name"));
        assertEquals(Path.of("s", "a <&> \"quoted\".yml").toString(), first.getAttribute("file"));
        assertEquals("3", first.getAttribute("tests"));
        Element property = (Element) first.getElementsByTagName("property").item(0);
        assertEquals("file", property.getAttribute("name"));
        NodeList cases = first.getElementsByTagName("testcase");
        assertEquals(3, cases.getLength());
        assertEquals("1.234", ((Element) cases.item(0)).getAttribute("time"));
        Element failed = (Element) cases.item(1);
        assertEquals("check <balance> & more", failed.getAttribute("name"));
        assertEquals("a <&> \"quoted\"", failed.getAttribute("classname"));
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertEquals("available: expected \"9000\", got \"10000\"", failure.getAttribute("message"));
        assertEquals("available: expected \"9000\", got \"10000\"\nfield 2: expected \"999900******0012\", absent", failure.getTextContent());
        assertEquals(1, ((Element) cases.item(2)).getElementsByTagName("skipped").getLength());
        assertEquals("1", ((Element) suites.item(1)).getAttribute("tests"));
        assertFalse(Files.readString(file).contains("9999000000000012"));
    }
}
