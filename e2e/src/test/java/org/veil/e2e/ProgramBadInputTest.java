package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * scripts/demo (Demo) and scripts/bench --full-path (FullPathLoad) with bad arguments: one line on stderr,
 * exit 2, and nothing started or written (no new directory under data/).
 */
@Timeout(60)
class ProgramBadInputTest {
    static Stream<Arguments> badArguments() {
        Supplier<Object> demo = Demo::new;
        Supplier<Object> load = FullPathLoad::new;
        return Stream.of(
                bad("demo", demo, "Unknown option: '--frobnicate'", "--frobnicate"),
                bad("demo", demo, "Unmatched argument", "data1 data2"),
                bad("bench", load, "Unknown option: '--frobnicate'", "--frobnicate"),
                bad("bench", load, "--dialect must be terminal or van, got 'host'", "--dialect host"),
                bad("bench", load, "--dialect must be terminal or van, got 'xml'", "--dialect xml"),
                bad("bench", load, "'30s'", "--duration 30s"),
                bad("bench", load, "at least 1", "--duration 0"),
                bad("bench", load, "at least 1", "--connections 0"),
                bad("bench", load, "'many'", "--connections many"),
                bad("bench", load, "at most 999999", "--connections 1000000"),
                bad("bench", load, "--in-flight must be at least 1", "--in-flight 0"),
                bad("bench", load, "--in-flight must be at least 1", "--rate 5000 --in-flight 0"),
                bad("bench", load, "--rate must be a positive number of requests per second", "--rate 0"),
                bad("bench", load, "'fast'", "--rate fast"),
                bad("bench", load, "--warmup must not be negative", "--warmup -1"),
                bad("bench", load, "at least 1", "--cards 0"),
                bad("bench", load, "--mix: unknown transaction kind 'steal'", "--mix purchase=50,steal=50"),
                bad("bench", load, "--json: directory", "--json /no/such/dir/results.json"));
    }

    private static Arguments bad(String name, Supplier<Object> command, String saying, String args) {
        return Arguments.of(name, command, saying, args);
    }

    @ParameterizedTest(name = "[{index}] {0} {3}")
    @MethodSource("badArguments")
    void badArgumentIsOneLineAndExit2AndStartsNothing(String name, Supplier<Object> command, String saying, String args)
            throws IOException {
        Set<String> before = dataDirs();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CommandMain.execute(name, command.get(), args.split(" "), new PrintWriter(out), new PrintWriter(err));
        assertEquals(CommandMain.USAGE, code, args + " -> " + err);
        assertOneLine(name, saying, err.toString());
        assertEquals("", out.toString(), "stdout");
        assertEquals(before, dataDirs(), "something was written under data/");
    }

    @Test
    void asAProgramTheExitCodeIs2() throws Exception {
        Path root = VeilStack.findRoot();
        ChildJvm.Exit demo = ChildJvm.run(Demo.class.getName(), List.of(), List.of("--frobnicate"), root, Duration.ofSeconds(30));
        assertEquals(2, demo.code(), demo.err());
        assertOneLine("demo", "Unknown option", demo.err());
        ChildJvm.Exit load = ChildJvm.run(FullPathLoad.class.getName(), List.of(), List.of("--mix", "steal=1"), root, Duration.ofSeconds(30));
        assertEquals(2, load.code(), load.err());
        assertOneLine("bench", "steal", load.err());
    }

    private static void assertOneLine(String name, String saying, String err) {
        assertEquals(1, err.lines().count(), "stderr: " + err);
        assertTrue(err.startsWith(name + ": ") && err.contains(saying), "'" + err.strip() + "' should say " + saying);
        for (String leak : List.of("Exception", "\tat ")) assertFalse(err.contains(leak), err);
    }

    private static Set<String> dataDirs() throws IOException {
        Path data = VeilStack.findRoot().resolve("data");
        if (!Files.isDirectory(data)) return Set.of();
        try (Stream<Path> s = Files.list(data)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
