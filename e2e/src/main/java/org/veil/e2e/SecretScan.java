package org.veil.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.veil.packagers.CardNumbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/scan-secrets [DIR...]}: reads every database (.mv.db), redo log (.redo) and log (.log) file a run wrote and fails on card
 * data in clear: a card number of Veil's BINs or a well-known test card, track 2, a CVV2, PIN block or one-time code carried in
 * field 48, or a jPOS message dump showing field 35 or 52. Prints each finding masked, never the data itself.
 */
@Command(name = "scan-secrets", mixinStandardHelpOptions = true,
        description = "Fail on clear card data in the databases and logs under the given directories (default: the repository).")
public final class SecretScan implements Callable<Integer> {
    /** A digit run of card-number length that starts like a Veil card or a public test card. */
    private static final Pattern PAN = Pattern.compile("(?<![0-9])(9999[0-9]{9,15}|4111111111111111|5555555551234567|4012345678909|4123456789012345)(?![0-9])");
    private static final Pattern TRACK2 = Pattern.compile("(?<![0-9A-Fa-f])([0-9]{12,19})[=D][0-9]{4}[0-9]{3}");
    /**
     * A run of hex characters at least this long, with a letter in it besides the separator, is a hex dump (the switch's
     * journal keeps each answer's bytes so): a track 2 is at most 37 characters, and what follows one in a clear message
     * (a reference number, a terminal id) ends the run well before this.
     */
    private static final int HEX_DUMP_LENGTH = 64;
    /** Field 48 subelements that carry a CVV2, an (encrypted) PIN block or a one-time code: none belongs in a log or a table. */
    private static final Pattern TAGGED = Pattern.compile("CV003[0-9]{3}|P4032[0-9A-Fa-f]{32}|OT016[0-9]{16}");
    private static final Pattern DUMPED_FIELD = Pattern.compile("<field id=\"(35|52)\" value=\"(?!\\[WIPED\\])([^\"*_]{4,})\"");

    @Parameters(paramLabel = "DIR", description = "directories to scan (default: .)")
    List<Path> roots = new ArrayList<>();

    public static void main(String[] args) {
        CommandMain.run("scan-secrets", new SecretScan(), "org/veil/e2e/logback-demo.xml", args);
    }

    public record Finding(Path file, String what, String masked) {
        @Override
        public String toString() {
            return file + ": " + what + " " + masked;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (roots.isEmpty()) roots = List.of(Path.of("."));
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) throw new IllegalArgumentException(root + ": no such directory");
            files.addAll(candidates(root));
        }
        List<Finding> findings = new ArrayList<>();
        for (Path f : files) findings.addAll(scan(f));
        findings.forEach(System.out::println);
        System.out.printf("scan-secrets: %d database and log files read, %d findings%n", files.size(), findings.size());
        return findings.isEmpty() ? 0 : 1;
    }

    static List<Path> candidates(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.toString().contains("/.git/") && Files.isRegularFile(p))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".mv.db") || n.endsWith(".redo") || n.endsWith(".log") || n.endsWith(".trace.db");
                    }).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Findings in one file; binary files are read as Latin-1 so every byte is one character and text in them shows. */
    public static List<Finding> scan(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        List<Finding> out = new ArrayList<>();
        Matcher m = PAN.matcher(text);
        while (m.find()) {
            if (CardNumbers.luhnValid(m.group(1))) out.add(new Finding(file, "card number", CardNumbers.mask(m.group(1))));
        }
        m = TRACK2.matcher(text);
        while (m.find()) {
            // hex dumps are full of digit runs with a D in them: only a Luhn-valid number before the separator, outside
            // a long hex run, counts (one in ten digit runs passes Luhn by chance)
            if (CardNumbers.luhnValid(m.group(1)) && !inHexDump(text, m.start(1), m.end(1))) {
                out.add(new Finding(file, "track 2", CardNumbers.mask(m.group(1))));
            }
        }
        m = TAGGED.matcher(text);
        while (m.find()) out.add(new Finding(file, "field 48 " + m.group().substring(0, 2), "(value not shown)"));
        m = DUMPED_FIELD.matcher(text);
        while (m.find()) out.add(new Finding(file, "message dump field " + m.group(1), "(value not shown)"));
        return out;
    }

    /** Whether the hex run that starts at {@code start} (a separator at {@code separator}) is a hex dump. */
    private static boolean inHexDump(String text, int start, int separator) {
        int end = start;
        boolean letter = false;
        while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) {
            if (end != separator && !Character.isDigit(text.charAt(end))) letter = true;
            end++;
        }
        return end - start >= HEX_DUMP_LENGTH && letter;
    }
}
