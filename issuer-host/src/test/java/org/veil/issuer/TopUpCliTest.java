package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.http.ApiCommandLine;
import org.veil.issuer.admin.AdminCli;
import org.veil.issuer.wallet.WalletCli;

/** scripts/wallet funding sources and top-ups, and scripts/veil bank-transfer, in process against a real issuer host. */
@Timeout(120)
class TopUpCliTest {
    private record Run(int code, String out, String err) {}

    @Test
    void aBankTopUpFromTheCommandLineToConfirmation() throws Exception {
        RunningIssuerHost host = RunningIssuerHost.get();
        WalletClient wallet = new WalletClient(host.walletPort);
        String t = wallet.newCustomer("clitop");
        String card = wallet.ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"c\"}", t).get("id").asText();
        Run added = wallet(host, "--token " + t + " funding-source add-bank --iban DE89370400440532013000 --name Tester");
        assertEquals(0, added.code(), added.err());
        assertTrue(added.out().contains("DE****************3000"), added.out());
        String source = added.out().split("\\s+")[1];
        Run listed = wallet(host, "--token " + t + " funding-sources");
        assertTrue(listed.out().contains("bank-account"), listed.out());
        Run top = wallet(host, "--token " + t + " top-up --card " + card + " --source " + source + " --amount 2500 --reference cli-1");
        assertEquals(0, top.code(), top.err());
        Matcher m = Pattern.compile("transfer (BT[A-Z0-9]{10})").matcher(top.out());
        assertTrue(m.find() && top.out().contains("pending"), top.out());
        Run confirm = veil(host, "bank-transfer confirm " + m.group(1));
        assertEquals(0, confirm.code(), confirm.err());
        assertTrue(confirm.out().contains("completed"), confirm.out());
        assertTrue(wallet(host, "--token " + t + " top-ups").out().contains("25.00 840  completed"));
        Run over = wallet(host, "--token " + t + " top-up --card " + card + " --source " + source + " --amount 2000000 --reference cli-2");
        assertEquals(ApiCommandLine.REFUSED, over.code());
        assertEquals(1, over.err().lines().count(), over.err());
        assertTrue(over.err().contains("maximum balance"), over.err());
    }

    @Test
    void badUsageIsOneLineAndSendsNothing() {
        RunningIssuerHost host = RunningIssuerHost.get();
        for (String[] c : new String[][] {
                {"--token x funding-source remove abc", "named by its id"},
                {"--token x funding-source", "needs a subcommand"},
                {"--token x funding-source add-bank --name A", "either --iban or --account-number"},
                {"--token x top-up --card 1 --source 1 --amount 0 --reference r", "positive"},
                {"--token x top-up --card 1", "Missing required options"}}) {
            Run r = wallet(host, c[0]);
            assertEquals(ApiCommandLine.USAGE, r.code(), c[0] + " -> " + r.err());
            assertTrue(r.err().contains(c[1]) && r.err().lines().count() == 1, r.err());
        }
        Run r = veil(host, "bank-transfer confirm nope");
        assertEquals(ApiCommandLine.USAGE, r.code());
        assertTrue(r.err().contains("BT and 10"), r.err());
    }

    private static Run wallet(RunningIssuerHost host, String args) {
        List<String> a = new ArrayList<>(List.of("--wallet-url", "http://127.0.0.1:" + host.walletPort));
        a.addAll(List.of(args.trim().split(" +")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WalletCli.run(a.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run veil(RunningIssuerHost host, String args) {
        List<String> a = new ArrayList<>(List.of("--admin-url", "http://127.0.0.1:" + host.adminPort));
        a.addAll(List.of(args.trim().split(" +")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCli.run(a.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
