package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.veil.cardswitch.control.FaultCli;

/** scripts/faults (FaultCli) against the running switch's control API: one line per outcome, exit 0/1/2/3. */
@ExtendWith(RunningSwitch.class)
@Timeout(60)
class FaultCliTest {
    private record Run(int code, String out, String err) {}

    @BeforeEach
    @AfterEach
    void clear() throws Exception {
        ControlClient.clearAll();
    }

    private static Run faults(String args) {
        List<String> argv = new ArrayList<>(List.of("--switch-url", "http://127.0.0.1:" + RunningSwitch.controlPort));
        if (args.startsWith("--switch-url")) argv.clear(); // the case brings its own
        if (!args.isBlank()) argv.addAll(Arrays.asList(args.split(" ")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FaultCli.run(argv.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void addListAndClear() throws Exception {
        Run added = faults("add --terminal TERM0005 --kind delay --delay-ms 2000 --times 3");
        assertEquals(0, added.code(), added.err());
        assertTrue(added.out().matches("added fault \\d+  terminal TERM0005  delay 2000 ms  3 of 3 left\\R"), added.out());
        String id = added.out().split(" ")[2];
        Run merchant = faults("add --merchant MERCHANT0000001 --kind corrupt-mac");
        assertEquals(0, merchant.code(), merchant.err());

        Run list = faults("list");
        assertEquals(0, list.code());
        assertEquals(2, list.out().lines().count(), list.out());
        assertTrue(list.out().contains("merchant MERCHANT0000001  corrupt-mac  until cleared"), list.out());

        Run one = faults("clear " + id);
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().startsWith("cleared fault " + id + " "), one.out());
        Run all = faults("clear");
        assertEquals(0, all.code());
        assertEquals("cleared 1 fault(s)", all.out().strip());
        assertEquals("no faults", faults("list").out().strip());
        assertEquals(0, ControlClient.list().size());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                bad(FaultCli.USAGE, "missing command", ""),
                bad(FaultCli.USAGE, "Missing required option: '--kind", "add --terminal TERM0005"),
                bad(FaultCli.USAGE, "give --terminal or --merchant", "add --kind drop"),
                bad(FaultCli.USAGE, "give --terminal or --merchant", "add --terminal TERM0005 --merchant MERCHANT0000001 --kind drop"),
                bad(FaultCli.USAGE, "--kind must be one of delay, drop, close, double, corrupt-mac", "add --terminal TERM0005 --kind explode"),
                bad(FaultCli.USAGE, "needs --delay-ms", "add --terminal TERM0005 --kind delay"),
                bad(FaultCli.USAGE, "with --kind delay only", "add --terminal TERM0005 --kind drop --delay-ms 5"),
                bad(FaultCli.USAGE, "Invalid value for option '--times'", "add --terminal TERM0005 --kind drop --times many"),
                bad(FaultCli.USAGE, "Unknown option: '--forever'", "add --terminal TERM0005 --kind drop --forever"),
                bad(FaultCli.USAGE, "a fault id is a whole number", "clear abc"),
                bad(FaultCli.USAGE, "--switch-url must be", "--switch-url ftp://127.0.0.1:21 list"),
                bad(FaultCli.USAGE, "--switch-url must be", "--switch-url http://127.0.0.1:70000 list"),
                bad(FaultCli.REFUSED, "'delayMs' must be 1 to 60000", "add --terminal TERM0005 --kind delay --delay-ms 0"),
                bad(FaultCli.REFUSED, "'times' must be 1 to", "add --terminal TERM0005 --kind drop --times 0"),
                bad(FaultCli.REFUSED, "1 to 8 printable", "add --terminal TERMINAL05 --kind drop"),
                bad(FaultCli.REFUSED, "no fault 424242", "clear 424242"));
    }

    private static Arguments bad(int code, String saying, String args) {
        return Arguments.of(code, saying, args);
    }

    @ParameterizedTest(name = "{2} -> {0}")
    @MethodSource("refusals")
    void refusalIsOneLineWithItsExitCodeAndChangesNothing(int code, String saying, String args) throws Exception {
        Run r = faults(args);
        assertEquals(code, r.code(), r.err());
        assertOneLine(r, saying);
        assertEquals(0, ControlClient.list().size(), "nothing added");
    }

    @Test
    void anUnreachableApiIsOneLineAndExit3() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run r = faults("--switch-url http://127.0.0.1:" + closed + " list");
        assertEquals(FaultCli.UNREACHABLE, r.code());
        assertOneLine(r, "cannot reach the switch control API at http://127.0.0.1:" + closed + " (is the switch running?)");
    }

    private static void assertOneLine(Run r, String saying) {
        assertEquals(1, r.err().lines().count(), "stderr: " + r.err());
        assertTrue(r.err().startsWith("faults: ") && r.err().contains(saying), "'" + r.err().strip() + "' should say " + saying);
        for (String leak : List.of("Exception", "\tat ", "at org.")) assertFalse(r.err().contains(leak), r.err());
    }
}
