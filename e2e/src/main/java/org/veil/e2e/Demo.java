package org.veil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jpos.iso.ISOMsg;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.AdditionalAmounts;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.Dialect;
import org.veil.packagers.ResponseCode;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.KsnCounter;
import org.veil.terminal.MacMode;
import org.veil.terminal.PinMode;
import org.veil.terminal.RequestFactory;
import org.veil.terminal.SecureTerminal;
import org.veil.terminal.TerminalKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * scripts/demo: starts the issuer host and the switch on the embedded defaults, sets up two
 * anonymous cards, runs the main flows through both public ports and checks every answer.
 * Exit 0 all as expected, 1 an answer differed or the stack did not start, 2 bad usage.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts the issuer host and the switch on the default ports, runs the main flows, checks each answer.")
public final class Demo implements Callable<Integer>, Transcript {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    /** The PIN card A is issued with (a demo value: the issuer keeps only its sealed PIN verification value). */
    private static final String DEMO_PIN = "1234";

    @Parameters(arity = "0..1", paramLabel = "DATA_DIR", description = "where the H2 files and logs go (default: data/)")
    Path dataDir;

    private AdminClient admin;
    private int steps;
    private int mismatches;

    public static void main(String[] args) {
        CommandMain.run("demo", new Demo(), "org/veil/e2e/logback-demo.xml", args);
    }

    @Override
    public Integer call() throws Exception {
        Path root = VeilStack.findRoot();
        Path data = dataDir != null ? dataDir.toAbsolutePath() : root.resolve("data");
        VeilStack.Ports ports = VeilStack.Ports.defaults();
        System.out.println("Veil demo: starting the issuer host, the switch and the simulated credit issuer (data in " + data + ")");
        try (VeilStack stack = new VeilStack(root, data, ports, Map.of()).start()) {
            System.out.printf("  switch: TERMINAL 127.0.0.1:%d, VAN 127.0.0.1:%d; issuer host link 127.0.0.1:%d, admin http://127.0.0.1:%d,"
                    + " wallet http://127.0.0.1:%d, shop gateway http://127.0.0.1:%d; credit issuer 127.0.0.1:%d%n%n",
                    ports.terminal(), ports.van(), ports.issuerLink(), ports.admin(), ports.wallet(), ports.gateway(), ports.credit());
            admin = stack.admin();
            return run(root, ports);
        }
    }

    private int run(Path root, VeilStack.Ports ports) throws Exception {
        IssuedCard a = admin.issueCard("PREPAID-USD", DEMO_PIN);
        IssuedCard b = admin.issueCard("PREPAID-USD");
        admin.load(String.valueOf(a.id()), 100_000, "demo-load-" + a.id());
        System.out.printf("Two anonymous cards: A %s (loaded %s, PIN set), B %s (empty)%n",
                CardNumbers.mask(a.pan()), money(100_000), CardNumbers.mask(b.pan()));

        SecureTerminal keys = new SecureTerminal(new TerminalKeys(
                TerminalKeys.vault(root.resolve(TerminalKeys.DEFAULT_KEYSTORE), TerminalKeys.DEFAULT_PASSWORD),
                KsnCounter.fromClock(KsnCounter.DEFAULT_BASE, Clock.systemUTC())));
        act("TERMINAL", Dialect.TERMINAL, ports.terminal(),
                new RequestFactory("TERM0001", "MERCHANT0000001", "Veil Demo Coffee", "840"), a, b, true);
        cardSecurity(Dialect.TERMINAL, ports.terminal(), keys, a,
                new RequestFactory("TERM0001", "MERCHANT0000001", "Veil Demo Coffee", "840"), PinMode.TDES);
        act("VAN", Dialect.VAN, ports.van(),
                new RequestFactory("VAN00001", "VANSHOP00000001", "Veil Demo Web Shop", "840"), a, b, false);
        cardSecurity(Dialect.VAN, ports.van(), keys, a,
                new RequestFactory("VAN00004", "VANSHOP00000001", "Veil Demo Web Shop", "840"), PinMode.DUKPT);

        new WalletAct(this, admin, ports, WalletAct.Customer.demo()).run();

        System.out.println();
        for (String merchant : new String[] {"MERCHANT0000001", "VANSHOP00000001"}) {
            JsonNode m = admin.merchant(merchant);
            System.out.printf("Merchant %s: balance %s, %d payments received%n",
                    merchant, money(m.get("ledger").asLong()), m.get("payments").size());
            for (JsonNode p : m.get("payments")) {
                System.out.printf("    %-10s %12s  card %s%n", p.path("type").asText(), money(p.path("amount").asLong()),
                        p.path("maskedPan").asText());
            }
        }
        JsonNode audit = admin.audit();
        boolean ok = audit.path("ok").asBoolean(false);
        System.out.printf("%nLedger audit: %s (%d accounts, postings sum %d)%n", ok ? "passed" : "FAILED " + audit.get("violations"),
                audit.path("accounts").asLong(), audit.path("postingsSum").asLong());
        System.out.printf("%d steps, %d answers differed from what was expected%n", steps, mismatches);
        return mismatches == 0 && ok ? 0 : 1;
    }

    private void act(String name, Dialect dialect, int port, RequestFactory rf, IssuedCard a, IssuedCard b,
            boolean swipe) throws Exception {
        System.out.printf("%n== Through the %s port (%d) ==%n", name, port);
        // Swiped with the stripe the issuer wrote at issuance: its CVV is verified.
        CardData cardA = swipe ? CardData.fromTrack2(a.track2()) : CardData.keyed(a.pan(), a.expiry());
        CardData cardB = CardData.keyed(b.pan(), b.expiry());
        String refA = String.valueOf(a.id());
        String refB = String.valueOf(b.id());
        try (IsoClient client = IsoClient.connect(dialect, "127.0.0.1", port)) {
            step(client, "purchase 25.00, card A", rf.purchase(cardA, 2500), "00", refA);
            step(client, "balance inquiry, card A", rf.balance(cardA), "00", refA);
            step(client, "purchase 10.00, card B (no funds)", rf.purchase(cardB, 1000), "51", refB);

            ISOMsg auth = rf.authorization(cardA, 4000);
            ISOMsg authAnswer = step(client, "authorization 40.00, card A", auth, "00", refA);
            step(client, "completion 30.00 of that authorization (10.00 released)",
                    rf.completion(auth, authAnswer, 3000), "00", refA);

            ISOMsg purchase = rf.purchase(cardA, 1500);
            step(client, "purchase 15.00, card A", purchase, "00", refA);
            step(client, "reversal of that purchase", rf.reversal(purchase, 0), "00", refA);

            step(client, "refund 5.00 to card B", rf.refund(cardB, 500), "00", refB);
            ISOMsg partial = step(client, "purchase 8.00, card B, partial approval allowed",
                    RequestFactory.withPartialApproval(rf.purchase(cardB, 800)), "10", refB);
            System.out.printf("      approved amount %s of %s%n", money(Long.parseLong(partial.getString(4))), money(800));

            step(client, "purchase with a card of an unknown BIN", rf.purchase(CardData.keyed("5105105105105100", "2912"), 100), "15", null);
            step(client, "purchase with the wrong expiry, card A", rf.purchase(CardData.keyed(a.pan(), "0101"), 100), "54", refA);

            ISOMsg once = rf.purchase(cardA, 700);
            long before = admin.ledger(refA);
            step(client, "purchase 7.00, card A", once, "00", refA);
            step(client, "the same purchase repeated (0201)", RequestFactory.repeat(once), "00", refA);
            long charged = before - admin.ledger(refA);
            boolean once7 = charged == 700;
            if (!once7) mismatches++;
            System.out.printf("      charged %s in all for the two: %s%n", money(charged), once7 ? "once, as it should" : "WRONG");
        }
    }

    /** PIN blocks and MACs as a keyed terminal sends them: right PIN, wrong PIN (55), a MAC that does not verify (63). */
    private void cardSecurity(Dialect dialect, int port, SecureTerminal keys, IssuedCard a, RequestFactory rf, PinMode pin)
            throws Exception {
        String how = pin == PinMode.DUKPT ? "PIN under DUKPT" : "PIN (TDES)";
        System.out.printf("  -- card security at %s: %s and retail MAC --%n", rf.terminalId(), how);
        CardData cardA = CardData.keyed(a.pan(), a.expiry());
        String refA = String.valueOf(a.id());
        try (IsoClient client = IsoClient.connect(dialect, "127.0.0.1", port)) {
            ISOMsg signed = keys.withMac(dialect, keys.withPin(rf.purchase(cardA, 1200), pin, DEMO_PIN), MacMode.RETAIL);
            ISOMsg answer = step(client, "purchase 12.00, card A, right " + how + ", MACed", signed, "00", refA);
            boolean verified = keys.answerMacVerifies(dialect, answer, MacMode.RETAIL);
            if (!verified) mismatches++;
            System.out.printf("      answer MAC %s%n", verified ? "verified" : "DOES NOT VERIFY");
            if (pin == PinMode.TDES) {
                step(client, "purchase 3.00, card A, wrong PIN, MACed",
                        keys.withMac(dialect, keys.withPin(rf.purchase(cardA, 300), pin, "9999"), MacMode.RETAIL), "55", refA);
                ISOMsg tampered = keys.withMac(dialect, keys.withPin(rf.purchase(cardA, 200), pin, DEMO_PIN), MacMode.RETAIL);
                tampered.set(4, "000000020000"); // the amount changed after the MAC was computed
                step(client, "purchase 2.00 changed to 200.00 after its MAC", tampered, "63", refA);
            }
        }
    }

    /** Counted, and marked when it is not as expected. */
    @Override
    public boolean check(String label, boolean asExpected, String shown) {
        steps++;
        if (!asExpected) mismatches++;
        System.out.printf("  %-64s %s%s%n", label, shown, asExpected ? "" : "   <-- not as expected");
        return asExpected;
    }

    @Override
    public ISOMsg step(IsoClient client, String label, ISOMsg request, String expected, String cardRef) throws Exception {
        steps++;
        ISOMsg answer = client.call(request, ANSWER_TIMEOUT);
        String code = answer.getString(39);
        boolean match = expected.equals(code);
        if (!match) mismatches++;
        String meaning;
        try {
            meaning = ResponseCode.fromCode(code).meaning();
        } catch (IllegalArgumentException e) {
            meaning = "unknown code";
        }
        String balance = "";
        Long available = answer.hasField(54) ? AdditionalAmounts.find(answer.getString(54), AdditionalAmounts.AVAILABLE) : null;
        if (available == null && cardRef != null) available = admin.available(cardRef);
        if (available != null) balance = "available " + money(available);
        System.out.printf("  %-4s %-58s %s %-28s %s%s%n", request.getMTI(), label, code, meaning, balance,
                match ? "" : "   <-- expected " + expected);
        return answer;
    }

    static String money(long minor) {
        return String.format("%s%d.%02d", minor < 0 ? "-" : "", Math.abs(minor) / 100, Math.abs(minor) % 100);
    }
}
