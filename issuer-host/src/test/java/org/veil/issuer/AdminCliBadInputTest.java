package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.veil.issuer.admin.AdminCli;

/**
 * scripts/veil with bad arguments, in process against a real issuer host: one line on stderr that says what is
 * wrong, exit 2 for usage (nothing sent), 1 when the API refuses, 3 when it cannot be reached; the ledger unchanged.
 */
@Timeout(60)
class AdminCliBadInputTest {
    private static AdminClient admin;
    private static String url;
    private static long card;
    private static String badLuhn;

    private record Run(int code, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        RunningIssuerHost host = RunningIssuerHost.get();
        admin = new AdminClient(host.adminPort);
        url = "http://127.0.0.1:" + host.adminPort;
        JsonNode issued = admin.issue("PREPAID-USD", 5000); // loaded under the reference init-{id}
        card = issued.get("id").asLong();
        String pan = issued.get("pan").asText();
        badLuhn = pan.substring(0, pan.length() - 1) + (char) ('0' + (pan.charAt(pan.length() - 1) - '0' + 1) % 10);
    }

    static Stream<Arguments> badCommands() {
        return Stream.of(
                // usage: exit 2, nothing sent
                bad(AdminCli.USAGE, "missing command", ""),
                bad(AdminCli.USAGE, "Unknown option: '--frobnicate'", "--frobnicate audit"),
                bad(AdminCli.USAGE, "card needs a subcommand", "card"),
                bad(AdminCli.USAGE, "Unmatched argument", "card frobnicate"),
                bad(AdminCli.USAGE, "Missing required option: '--product", "card issue"),
                bad(AdminCli.USAGE, "Missing required parameter", "card load {card}"),
                bad(AdminCli.USAGE, "'ten'", "card load {card} ten"),
                bad(AdminCli.USAGE, "'12.50'", "card load {card} 12.50"),
                bad(AdminCli.USAGE, "'99999999999999999999'", "card load {card} 99999999999999999999"),
                bad(AdminCli.USAGE, "positive", "card load {card} 0"),
                bad(AdminCli.USAGE, "positive", "card load {card} -- -5"),
                bad(AdminCli.USAGE, "fails the Luhn check", "card load {badluhn} 100"),
                bad(AdminCli.USAGE, "fails the Luhn check", "card show {badluhn}"),
                bad(AdminCli.USAGE, "fails the Luhn check", "card block {badluhn}"),
                bad(AdminCli.USAGE, "Missing required parameter", "card ship"),
                bad(AdminCli.USAGE, "fails the Luhn check", "card ship {badluhn}"),
                bad(AdminCli.REFUSED, "is not a physical wallet card", "card ship {card}"),
                bad(AdminCli.USAGE, "its id or its PAN", "card load abc 100"),
                bad(AdminCli.USAGE, "12 to 19 digits", "card show 12345678901234567890"),
                bad(AdminCli.USAGE, "got 'FROZEN'", "card state {card} FROZEN"),
                bad(AdminCli.USAGE, "--admin-url must be", "--admin-url http://127.0.0.1:70000 audit"),
                bad(AdminCli.USAGE, "--admin-url must be", "--admin-url http://127.0.0.1:0 audit"),
                bad(AdminCli.USAGE, "--admin-url must be", "--admin-url http://127.0.0.1:port audit"),
                bad(AdminCli.USAGE, "--admin-url must be", "--admin-url ftp://127.0.0.1:21 audit"),
                bad(AdminCli.USAGE, "--admin-url must be", "--admin-url localhost audit"),
                bad(AdminCli.USAGE, "Missing required options: '--max=<max>', '--expires=<expires>'", "card otc {card}"),
                bad(AdminCli.USAGE, "Missing required option: '--expires=<expires>'", "card otc {card} --max 100"),
                bad(AdminCli.USAGE, "Missing required parameter", "card otc --max 100 --expires 60"),
                bad(AdminCli.USAGE, "--max must be a positive", "card otc {card} --max 0 --expires 60"),
                bad(AdminCli.USAGE, "'ten'", "card otc {card} --max ten --expires 60"),
                bad(AdminCli.USAGE, "--expires must be 1 to 2592000", "card otc {card} --max 100 --expires 0"),
                bad(AdminCli.USAGE, "--expires must be 1 to 2592000", "card otc {card} --max 100 --expires 2592001"),
                bad(AdminCli.USAGE, "--merchant must be", "card otc {card} --max 100 --expires 60 --merchant MERCHANT00000001X"),
                bad(AdminCli.USAGE, "fails the Luhn check", "card otc {badluhn} --max 100 --expires 60"),
                bad(AdminCli.USAGE, "--use is 'single' or 'merchant-locked'", "card issue --product PREPAID-USD --use twice"),
                // the API refuses: exit 1 with its reason
                bad(AdminCli.REFUSED, "no card 424242", "card otc 424242 --max 100 --expires 60"),
                bad(AdminCli.REFUSED, "maximum transaction", "card otc {card} --max 500001 --expires 60"),
                bad(AdminCli.REFUSED, "unknown product 'NOPE'", "card issue --product NOPE"),
                bad(AdminCli.REFUSED, "no card 424242", "card load 424242 100"),
                bad(AdminCli.REFUSED, "maximum", "card load {card} 1000001"),
                bad(AdminCli.REFUSED, "already used", "card load {card} 6000 --reference init-{card}"),
                bad(AdminCli.REFUSED, "at most 64", "card load {card} 100 --reference " + "r".repeat(65)),
                bad(AdminCli.REFUSED, "no merchant", "merchant show NEVERSEEN"),
                bad(AdminCli.REFUSED, "no merchant 'M?x=1&y'", "merchant show M?x=1&y"), // the ? stays in the id
                bad(AdminCli.REFUSED, "1 to 15 printable", "merchant show MERCHANT00000001X"));
    }

    private static Arguments bad(int code, String saying, String args) {
        return Arguments.of(args, code, saying);
    }

    @ParameterizedTest(name = "[{index}] veil {0} -> {1}")
    @MethodSource("badCommands")
    void badCommandSaysWhyInOneLineAndWritesNothing(String args, int code, String saying) throws Exception {
        LedgerSnapshot before = LedgerSnapshot.take(admin, card);
        Run r = veil(args.replace("{card}", Long.toString(card)).replace("{badluhn}", badLuhn));
        assertEquals(code, r.code(), args + " -> " + r.err());
        assertOneLine(r, saying);
        assertEquals(before, LedgerSnapshot.take(admin, card), "veil " + args + " changed the ledger");
    }

    @Test
    void anUnreachableApiIsOneLineAndExit3() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        LedgerSnapshot before = LedgerSnapshot.take(admin, card);
        Run r = veil("--admin-url http://127.0.0.1:" + closed + " card load " + card + " 100");
        assertEquals(AdminCli.UNREACHABLE, r.code(), r.err());
        assertOneLine(r, "cannot reach the issuer admin API at http://127.0.0.1:" + closed);
        assertEquals(before, LedgerSnapshot.take(admin, card));
    }

    @Test
    void theSameCommandsWorkWhenTheyAreRight() throws Exception {
        Run ok = veil("card load " + card + " 100 --reference cli-ok-" + card);
        assertEquals(AdminCli.OK, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("loaded: ledger 51.00"), ok.out());
        assertEquals("", ok.err());
        Run otc = veil("card otc " + card + " --max 2500 --expires 600 --merchant MERCHANT0000001");
        assertEquals(AdminCli.OK, otc.code(), otc.err());
        assertTrue(otc.out().matches("one-time code [1-8][0-9]{15}: pays at most 25\\.00 840 with card " + card
                + " until \\S+ at merchant MERCHANT0000001\\R"), otc.out());
        Run single = veil("card issue --product PREPAID-USD --use single");
        assertEquals(AdminCli.OK, single.code(), single.err());
        assertTrue(single.out().contains("use single"), single.out());
    }

    private static void assertOneLine(Run r, String saying) {
        assertEquals(1, r.err().lines().count(), "stderr: " + r.err());
        assertTrue(r.err().startsWith("veil: "), r.err());
        assertTrue(r.err().contains(saying), "'" + r.err().strip() + "' should say " + saying);
        for (String leak : List.of("Exception", "\tat ", "java.", "org.veil")) assertFalse(r.err().contains(leak), r.err());
        assertEquals("", r.out(), "stdout");
    }

    private static Run veil(String args) {
        List<String> argv = new ArrayList<>(List.of("--admin-url", url));
        if (args.startsWith("--admin-url")) argv.clear(); // the case brings its own
        if (!args.isEmpty()) argv.addAll(List.of(args.split(" ")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCli.run(argv.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
