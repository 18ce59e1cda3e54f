package org.veil.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.veil.e2e.ProcessProbe.Sample;
import org.veil.e2e.ProcessWatch.Verdict;
import org.veil.terminal.LoadReport;

/**
 * What a soak found: the load report, each process's samples and verdict, the ledger audit, and the money check:
 * the load-test merchant's ledger must have moved by exactly what the terminals' approvals say they moved
 * (purchases and completions in, reversals out), counted over the whole run; exact when every money-moving
 * request got an answer other than 91.
 */
public record SoakResult(SoakSettings settings, Instant startedAt, Duration issuing, LoadReport load,
                         List<ProcessWatch> processes, List<DataFiles> dataFiles, JsonNode audit, long merchantBefore,
                         long merchantAfter) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The sizes of the stack's database files at a sample: reported, not judged (a ledger rightly grows), so a
     * reader sees what a long run costs on disk.
     */
    public record DataFiles(String label, double atSeconds, Map<String, Long> bytes) {
        static DataFiles of(String label, double atSeconds, Path dataDir) throws IOException {
            Map<String, Long> sizes = new TreeMap<>();
            try (Stream<Path> files = Files.list(dataDir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".db")).toList()) {
                    sizes.put(f.getFileName().toString(), Files.size(f));
                }
            }
            return new DataFiles(label, atSeconds, sizes);
        }

        String text() {
            return bytes.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f MB", e.getKey(), e.getValue() / 1048576.0))
                    .collect(Collectors.joining(", "));
        }
    }

    public boolean auditOk() {
        return audit.path("ok").asBoolean(false);
    }

    public long merchantChange() {
        return merchantAfter - merchantBefore;
    }

    /** The terminals know the outcome of every money-moving request. */
    public boolean moneyExact() {
        return load.inDoubt() == 0;
    }

    public boolean moneyAgrees() {
        return merchantChange() == load.merchantNet();
    }

    public List<Verdict> verdicts() {
        return processes.stream().map(ProcessWatch::verdict).toList();
    }

    /** Why the soak failed; empty when it passed. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (load.failures() > 0) {
            p.add(load.failures() + " errors (" + load.timeouts() + " timeouts, " + load.errors() + " connection, "
                    + load.unexpected() + " unexpected codes)");
        }
        if (load.answers() == 0) p.add("no answer at all");
        if (!auditOk()) p.add("ledger audit failed: " + audit.path("violations"));
        if (moneyExact() && !moneyAgrees()) p.add("money: " + moneyLine());
        for (Verdict v : verdicts()) {
            if (!v.flat()) p.add(v.line());
        }
        return p;
    }

    public boolean passed() {
        return problems().isEmpty();
    }

    String moneyLine() {
        return String.format(Locale.ROOT, "merchant %s's ledger moved %+d; the terminals' approvals add up to %+d%s",
                SoakSettings.MERCHANT_ID, merchantChange(), load.merchantNet(),
                !moneyExact() ? " (not comparable: " + load.inDoubt() + " money-moving requests unanswered or 91)"
                        : moneyAgrees() ? ": agree" : ": DIFFER by " + (merchantChange() - load.merchantNet()));
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(load.text());
        sb.append(String.format(Locale.ROOT, "%n%-12s %-7s %7s %9s %6s %8s %8s%n", "process", "sample", "at s", "heap MB", "fds",
                "threads", "rss MB"));
        for (ProcessWatch w : processes) {
            for (Sample s : w.samples()) {
                sb.append(String.format(Locale.ROOT, "%-12s %-7s %7.1f %9.1f %6d %8d %8.1f%n", w.name(), s.label(), s.atSeconds(),
                        s.heapKb() / 1024.0, s.fds(), s.threads(), s.rssKb() / 1024.0));
            }
        }
        for (DataFiles d : dataFiles) {
            sb.append(String.format(Locale.ROOT, "%-12s %-7s %7.1f  %s%n", "data files", d.label(), d.atSeconds(), d.text()));
        }
        dataGrowth().ifPresent(g -> sb.append(g).append('\n'));
        sb.append("\nrule: ").append(ProcessWatch.RULE).append('\n');
        for (Verdict v : verdicts()) sb.append(v.line()).append('\n');
        sb.append("ledger audit: ").append(auditOk() ? "passed" : "FAILED " + audit.path("violations"))
                .append(String.format(Locale.ROOT, " (%d accounts, postings sum %d)%n", audit.path("accounts").asLong(),
                        audit.path("postingsSum").asLong()));
        sb.append("money: ").append(moneyLine()).append('\n');
        List<String> problems = problems();
        sb.append(problems.isEmpty() ? "soak: PASSED" : "soak: FAILED: " + String.join("; ", problems)).append('\n');
        return sb.toString();
    }

    /** How much the database files grew from start to end, per answer of the measured run. */
    Optional<String> dataGrowth() {
        DataFiles start = dataFiles.stream().filter(d -> d.label().equals("start")).findFirst().orElse(null);
        DataFiles end = dataFiles.stream().filter(d -> d.label().equals("end")).findFirst().orElse(null);
        if (start == null || end == null || load.answers() == 0) return Optional.empty();
        return Optional.of("data files from start to end: " + end.bytes().entrySet().stream().map(e -> {
            long grew = e.getValue() - start.bytes().getOrDefault(e.getKey(), 0L);
            return String.format(Locale.ROOT, "%s %+.1f MB (%.1f KB per answer)", e.getKey(), grew / 1048576.0,
                    grew / 1024.0 / load.answers());
        }).collect(Collectors.joining(", ")));
    }

    public String json() {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("startedAt", startedAt.toString());
            root.put("passed", passed());
            root.set("problems", JSON.valueToTree(problems()));
            ObjectNode s = root.putObject("settings");
            s.put("dialect", settings.dialect().name().toLowerCase(Locale.ROOT));
            s.put("connections", settings.connections());
            s.put("rate", settings.rate());
            s.put("durationSeconds", settings.duration().toMillis() / 1000.0);
            s.put("warmupSeconds", settings.warmup().toMillis() / 1000.0);
            s.put("cards", settings.cards());
            s.put("cardLoad", SoakSettings.CARD_LOAD);
            s.put("amount", settings.amount());
            s.put("mix", settings.mix().toString());
            s.put("sampleEverySeconds", settings.sampleEvery().toMillis() / 1000.0);
            root.put("issuingSeconds", issuing.toMillis() / 1000.0);
            root.set("load", JSON.readTree(load.json()));
            root.put("rule", ProcessWatch.RULE);
            ArrayNode procs = root.putArray("processes");
            for (ProcessWatch w : processes) {
                ObjectNode p = procs.addObject();
                p.put("name", w.name());
                p.put("pid", w.pid());
                Verdict v = w.verdict();
                p.put("verdict", v.flat() ? "flat" : "GROWING");
                p.put("fdsFlat", v.fdsFlat());
                p.put("threadsFlat", v.threadsFlat());
                p.put("heapFlat", v.heapFlat());
                p.put("released", v.released());
                p.put("detail", v.detail());
                ArrayNode samples = p.putArray("samples");
                for (Sample x : w.samples()) {
                    ObjectNode o = samples.addObject();
                    o.put("label", x.label());
                    o.put("atSeconds", Math.round(x.atSeconds() * 10) / 10.0);
                    o.put("heapAfterGcKb", x.heapKb());
                    o.put("fds", x.fds());
                    o.put("threads", x.threads());
                    o.put("rssKb", x.rssKb());
                }
            }
            ArrayNode files = root.putArray("dataFiles");
            for (DataFiles d : dataFiles) {
                ObjectNode o = files.addObject();
                o.put("label", d.label());
                o.put("atSeconds", Math.round(d.atSeconds() * 10) / 10.0);
                o.set("bytes", JSON.valueToTree(d.bytes()));
            }
            root.set("audit", audit);
            ObjectNode m = root.putObject("money");
            m.put("merchant", SoakSettings.MERCHANT_ID);
            m.put("merchantLedgerBefore", merchantBefore);
            m.put("merchantLedgerAfter", merchantAfter);
            m.put("merchantChange", merchantChange());
            m.put("terminalsNet", load.merchantNet());
            m.put("inDoubt", load.inDoubt());
            m.put("exact", moneyExact());
            m.put("agrees", moneyAgrees());
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
