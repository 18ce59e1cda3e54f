package org.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.veil.e2e.CommandMain;
import org.veil.e2e.VeilStack;

/** scripts/bench with bad arguments: one line on stderr, exit 2, nothing started and nothing written. */
@Timeout(30)
class BenchArgumentsTest {
    @ParameterizedTest(name = "[{index}] bench {0}")
    @CsvSource(delimiter = '|', value = {
            "--frobnicate                | Unknown option: '--frobnicate'",
            "--paths zero-work,nope      | unknown path 'nope'",
            "--dialects host             | --dialects takes terminal and van",
            "--dialects xml              | unknown dialect 'xml'",
            "--connections 0             | --connections must be 1 to 999999",
            "--connections 1,x           | 'x'",
            "--duration soon             | 'soon'",
            "--duration 0                | --duration must be positive",
            "--warmup -1                 | --warmup and --path-warmup not negative",
            "--cards 0                   | --cards must be at least 1",
            "--in-flight 0               | --in-flight must be at least 1",
            "--rate 0                    | --rate must be a positive number of requests per second",
            "--rate -5                   | --rate must be a positive number of requests per second",
            "--rate NaN                  | --rate must be a positive number of requests per second",
            "--rate fast                 | 'fast'",
            "--rate 5000 --in-flight 0   | --in-flight must be at least 1",
            "--amount 0                  | --amount must be 1 to 500000",
            "--amount ten                | 'ten'",
            "--issue-parallel 0          | --issue-parallel must be at least 1",
            "--quick extra               | Unmatched argument"})
    void badArgumentIsOneLineAndExit2AndWritesNothing(String args, String saying) throws IOException {
        assertRefused(new Bench(), args, saying);
    }

    @ParameterizedTest(name = "[{index}] bench --scale {0}")
    @CsvSource(delimiter = '|', value = {
            "--rounds 0                  | --rounds must be 1 to 20",
            "--rounds 21                 | --rounds must be 1 to 20",
            "--cards 1000000,10000       | --cards must be given smallest first, each once",
            "--h2-cache-mb 0             | --h2-cache-mb must be 1 to 768",
            "--batch 0                   | --batch must be at least 1"})
    void badScaleArgumentIsOneLineAndExit2AndWritesNothing(String args, String saying) throws IOException {
        assertRefused(new ScaleBench(), args, saying);
    }

    private static void assertRefused(Object command, String args, String saying) throws IOException {
        Set<String> before = written();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CommandMain.execute("bench", command, args.split(" "), new PrintWriter(out), new PrintWriter(err));
        assertEquals(CommandMain.USAGE, code, args + " -> " + err);
        assertEquals(1, err.toString().lines().count(), "stderr: " + err);
        assertTrue(err.toString().startsWith("bench: ") && err.toString().contains(saying), "'" + err.toString().strip() + "' should say " + saying);
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertEquals("", out.toString(), "stdout");
        assertEquals(before, written(), "something was written under data/ or bench-results/");
    }

    /** What a run would leave: its work directory under data/, its results under bench-results/. */
    private static Set<String> written() throws IOException {
        Path root = VeilStack.findRoot();
        Set<String> names = new TreeSet<>();
        for (String dir : new String[] {"data", "bench-results"}) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                names.addAll(s.map(p -> dir + "/" + p.getFileName()).collect(Collectors.toSet()));
            }
        }
        return names;
    }
}
