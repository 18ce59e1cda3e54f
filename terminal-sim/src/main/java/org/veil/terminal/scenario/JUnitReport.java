package org.veil.terminal.scenario;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run as JUnit XML for CI: one testsuite per scenario (with its file), one testcase per step,
 * a failure's message its first difference and its text all of them; totals on testsuites.
 */
final class JUnitReport {
    private JUnitReport() {}

    /** Writes the report, creating the file's directory when it does not exist. */
    static void write(Path file, List<ScenarioResult> results) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "veil scenarios");
            totals(x, results);
            x.writeCharacters("\n");
            for (ScenarioResult r : results) suite(x, r);
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit report " + file + ": " + e.getMessage(), e);
        }
    }

    private static void suite(XMLStreamWriter x, ScenarioResult r) throws XMLStreamException {
        String name = r.scenario().name();
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", name);
        x.writeAttribute("file", r.scenario().file().toString());
        totals(x, List.of(r));
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        x.writeEmptyElement("property");
        x.writeAttribute("name", "file");
        x.writeAttribute("value", r.scenario().file().toString());
        x.writeEndElement();
        for (StepResult s : r.steps()) {
            x.writeCharacters("\n    ");
            boolean empty = s.status() == StepResult.Status.PASSED;
            if (empty) x.writeEmptyElement("testcase");
            else x.writeStartElement("testcase");
            x.writeAttribute("classname", name);
            x.writeAttribute("name", s.name());
            x.writeAttribute("time", seconds(s.millis()));
            if (s.status() == StepResult.Status.FAILED) {
                x.writeStartElement("failure");
                x.writeAttribute("message", Secrets.scrub(s.differences().getFirst()));
                x.writeCharacters(Secrets.scrub(String.join("\n", s.differences())));
                x.writeEndElement();
                x.writeEndElement();
            } else if (s.status() == StepResult.Status.SKIPPED) {
                x.writeEmptyElement("skipped");
                x.writeEndElement();
            }
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private static void totals(XMLStreamWriter x, List<ScenarioResult> results) throws XMLStreamException {
        long tests = 0, failures = 0, skipped = 0, millis = 0;
        for (ScenarioResult r : results) {
            tests += r.steps().size();
            failures += r.count(StepResult.Status.FAILED);
            skipped += r.count(StepResult.Status.SKIPPED);
            millis += r.millis();
        }
        x.writeAttribute("tests", Long.toString(tests));
        x.writeAttribute("failures", Long.toString(failures));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", Long.toString(skipped));
        x.writeAttribute("time", seconds(millis));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
