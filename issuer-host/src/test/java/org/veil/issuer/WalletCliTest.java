package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.veil.http.ApiCommandLine;
import org.veil.issuer.wallet.WalletCli;

/**
 * scripts/wallet in process against a real issuer host: bad usage is one line on stderr and exit 2 with nothing sent,
 * a refusal one line and exit 1, and the common calls work end to end (register, login, apply, list, block, show, logout).
 */
@Timeout(120)
class WalletCliTest {
    private static String url;
    private static String token;
    private static String id;

    private record Run(int code, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        RunningIssuerHost host = RunningIssuerHost.get();
        url = "http://127.0.0.1:" + host.walletPort;
        WalletClient wallet = new WalletClient(host.walletPort);
        id = WalletClient.newId("cli");
        wallet.register(id, "");
        token = wallet.login(id, WalletClient.PASSWORD);
    }

    static Stream<Arguments> badCommands() {
        return Stream.of(
                bad(ApiCommandLine.USAGE, "missing command", ""),
                bad(ApiCommandLine.USAGE, "Unknown option: '--frobnicate'", "--frobnicate cards"),
                bad(ApiCommandLine.USAGE, "card needs a subcommand", "card"),
                bad(ApiCommandLine.USAGE, "Unmatched argument", "card frobnicate 1"),
                bad(ApiCommandLine.USAGE, "Missing required option", "register --customer-id abc"),
                bad(ApiCommandLine.USAGE, "a customer id is 3 to 64", "register --customer-id a! --password Correct-Horse-9"),
                bad(ApiCommandLine.USAGE, "go together", "register --customer-id abcd --password Correct-Horse-9 --recovery-question q"),
                bad(ApiCommandLine.USAGE, "needs a session", "cards"),
                bad(ApiCommandLine.USAGE, "needs a session", "logout"),
                bad(ApiCommandLine.USAGE, "--type must be virtual or physical", "--token {token} card apply --type plastic --name x"),
                bad(ApiCommandLine.USAGE, "needs --pin", "--token {token} card apply --type physical --name x"),
                bad(ApiCommandLine.USAGE, "digits", "--token {token} card apply --type physical --name x --pin 12"),
                bad(ApiCommandLine.USAGE, "named by its id", "--token {token} card show abc"),
                bad(ApiCommandLine.USAGE, "named by its id", "--token {token} card block 0"),
                bad(ApiCommandLine.USAGE, "Missing required parameter", "--token {token} card close"),
                bad(ApiCommandLine.USAGE, "--wallet-url must be", "--wallet-url http://127.0.0.1:70000 --token {token} cards"),
                bad(ApiCommandLine.REFUSED, "at least 10 characters", "register --customer-id {new} --password weak"),
                bad(ApiCommandLine.REFUSED, "wrong customer id or password", "login --customer-id {new} --password Wrong-Password-1"),
                bad(ApiCommandLine.REFUSED, "no card 99999999 in your wallet", "--token {token} card show 99999999"),
                bad(ApiCommandLine.REFUSED, "unknown or was logged out", "--token AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA cards"),
                // one session token in 64 starts with '-' (base64url): after it, -V or -h is no option
                bad(ApiCommandLine.REFUSED, "unknown or was logged out", "--token -VO_8zXfLYK19AGHdsroD0M8BI_HsOJOFm2JJrOisfc cards"),
                bad(ApiCommandLine.REFUSED, "unknown or was logged out", "--token -hO_8zXfLYK19AGHdsroD0M8BI_HsOJOFm2JJrOisfc cards"),
                bad(ApiCommandLine.REFUSED, "unknown or was logged out", "--token=-VO_8zXfLYK19AGHdsroD0M8BI_HsOJOFm2JJrOisfc cards"),
                bad(ApiCommandLine.USAGE, "Expected parameter for option '--token' but found '--json'", "--token --json cards"));
    }

    private static Arguments bad(int code, String saying, String args) {
        return Arguments.of(args, code, saying);
    }

    @ParameterizedTest(name = "[{index}] wallet {0} -> {1}")
    @MethodSource("badCommands")
    void badCommandSaysWhyInOneLine(String args, int code, String saying) {
        Run r = wallet(args.replace("{token}", token).replace("{new}", WalletClient.newId("n")));
        assertEquals(code, r.code(), args + " -> " + r.err());
        assertEquals(1, r.err().lines().count(), "stderr: " + r.err());
        assertTrue(r.err().startsWith("wallet: ") && r.err().contains(saying), "'" + r.err().strip() + "' should say " + saying);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void theCommonCallsWorkEndToEnd() {
        String who = WalletClient.newId("clihappy");
        assertEquals(0, wallet("register --customer-id " + who + " --password Correct-Horse-9 --email w@example.org").code());
        Run login = wallet("login --customer-id " + who + " --password Correct-Horse-9");
        assertEquals(0, login.code(), login.err());
        String t = login.out().strip().split("\\s+")[0];
        assertTrue(t.matches("[A-Za-z0-9_-]{43}"), login.out());
        Run apply = wallet("--token " + t + " card apply --type virtual --name groceries");
        assertEquals(0, apply.code(), apply.err());
        assertTrue(apply.out().contains("CVV2") && apply.out().contains("PAN 999900"), apply.out());
        String card = apply.out().split("\\s+")[1].replace(":", "");
        Run list = wallet("--token " + t + " cards");
        assertTrue(list.out().contains("groceries") && list.out().contains("ACTIVE"), list.out());
        assertTrue(wallet("--token " + t + " card block " + card).out().contains("BLOCKED"));
        assertTrue(wallet("--token " + t + " card show " + card).out().contains("BLOCKED"));
        Run physical = wallet("--token " + t + " card apply --type physical --name plastic --pin 2468");
        assertTrue(physical.out().contains("ordered") && physical.out().contains("track 2"), physical.out());
        assertEquals(0, wallet("--token " + t + " logout").code());
        assertEquals(ApiCommandLine.REFUSED, wallet("--token " + t + " cards").code());
    }

    private static Run wallet(String args) {
        List<String> a = new ArrayList<>(List.of("--wallet-url", url));
        if (!args.isBlank()) a.addAll(List.of(args.trim().split(" +")));
        if (args.contains("--wallet-url")) a.subList(0, 2).clear();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WalletCli.run(a.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
