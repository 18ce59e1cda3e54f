package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.issuer.admin.AdminCli;
import org.veil.packagers.ResponseCode;

/**
 * Next-day statements from a real issuer host (H2) to a real SMTP server (GreenMail) and the mobile outbox: a customer
 * with an e-mail gets one mail listing each card's transactions and closing balance, cards masked, nothing of the
 * password or recovery; a phone contact's statement goes to the outbox; a customer with no contact gets none; a rerun
 * sends nothing twice; a failed send is reported and retried by the next run, once.
 */
@Timeout(90)
class StatementTest {
    private static final String USD = "840";
    private static final String RECOVERY_QUESTION = "First pet's name?";
    private static final String RECOVERY_ANSWER = "Rex the dog";
    private static RunningIssuerHost host;
    private static AdminClient admin;
    private static WalletClient wallet;
    private static GreenMail smtp;
    private static ServerSetup setup;
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @BeforeAll
    static void start() {
        host = RunningIssuerHost.get();
        admin = new AdminClient(host.adminPort);
        wallet = new WalletClient(host.walletPort);
        setup = new ServerSetup(Integer.getInteger("veil.smtp.port"), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        smtp = new GreenMail(setup);
        smtp.start();
    }

    @AfterAll
    static void stop() {
        if (smtp != null) smtp.stop();
    }

    private record Customer(String id, String token, List<JsonNode> cards) {}

    /** A registered customer (extra registration fields given) with cards of these names, each loaded with 100.00 and paying {@code spend}. */
    private static Customer customer(String extra, String[] names, long[] spend) throws Exception {
        String id = WalletClient.newId("stmt");
        wallet.register(id, extra);
        String token = wallet.login(id, WalletClient.PASSWORD);
        List<JsonNode> cards = new ArrayList<>();
        try (HostLinkClient link = new HostLinkClient(host.hostPort)) {
            for (int i = 0; i < names.length; i++) {
                JsonNode applied = wallet.ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"" + names[i] + "\"}", token);
                long card = applied.get("id").asLong();
                admin.ok("POST", "/cards/" + card + "/load", "{\"amount\":10000,\"reference\":\"stmt-" + card + "\"}");
                ISOMsg m = HostLinkClient.request("2200", applied.get("pan").asText(), "000000", spend[i], USD);
                assertEquals("00", ResponseCode.fromHostCode(link.send(m).getString(39)).code());
                JsonNode shown = wallet.ok("GET", "/cards/" + card, null, token);
                ((com.fasterxml.jackson.databind.node.ObjectNode) shown).put("pan", applied.get("pan").asText());
                cards.add(shown);
            }
        }
        return new Customer(id, token, cards);
    }

    private static JsonNode run() throws Exception {
        return admin.ok("POST", "/statements/run", "{\"date\":\"" + TODAY + "\"}");
    }

    private static List<String> mailsTo(String address) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getRecipients(Message.RecipientType.TO)[0].toString().equals(address)) bodies.add(m.getSubject() + "\n" + m.getContent());
        }
        return bodies;
    }

    private static List<String> outboxTo(String phone) throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode m : admin.ok("GET", "/statements/outbox", null)) if (m.get("phone").asText().equals(phone)) texts.add(m.get("text").asText());
        return texts;
    }

    private static String everythingSent() throws Exception {
        StringBuilder b = new StringBuilder();
        for (MimeMessage m : smtp.getReceivedMessages()) b.append(m.getContent());
        b.append(admin.ok("GET", "/statements/outbox", null));
        b.append(admin.ok("GET", "/statements/" + TODAY, null));
        return b.toString();
    }

    @Test
    void eachContactGetsItsDayOnceAndNobodyElseDoes() throws Exception {
        String email = WalletClient.newId("ann") + "@example.org";
        Customer ann = customer(",\"nickname\":\"Ann\",\"email\":\"" + email + "\",\"recoveryQuestion\":\"" + RECOVERY_QUESTION
                + "\",\"recoveryAnswer\":\"" + RECOVERY_ANSWER + "\"", new String[] {"Groceries", "Travel"}, new long[] {1_234, 2_500});
        String phone = "+1555" + (1_000_000 + (System.nanoTime() % 8_000_000));
        Customer bob = customer(",\"phone\":\"" + phone + "\"", new String[] {"Phone card"}, new long[] {700});
        Customer cid = customer("", new String[] {"Quiet"}, new long[] {100});

        JsonNode report = run();
        assertEquals(TODAY, report.get("date").asText());
        assertEquals("UTC", report.get("zone").asText());
        assertTrue(report.get("withoutContact").asInt() >= 1);

        List<String> mails = mailsTo(email);
        assertEquals(1, mails.size(), "one mail to the e-mail contact");
        String mail = mails.get(0);
        assertTrue(mail.startsWith("Your Veil card statement for " + TODAY), mail);
        assertTrue(mail.contains("Hello Ann"), mail);
        JsonNode groceries = ann.cards().get(0), travel = ann.cards().get(1);
        for (JsonNode card : ann.cards()) {
            assertTrue(mail.contains(card.get("maskedPan").asText()), "masked card in the mail: " + mail);
            assertFalse(mail.contains(card.get("pan").asText()), "no full card number in the mail");
        }
        assertTrue(mail.contains("Card \"Groceries\" " + groceries.get("maskedPan").asText() + " (USD)"), mail);
        assertTrue(mail.contains("Card \"Travel\" " + travel.get("maskedPan").asText() + " (USD)"), mail);
        assertTrue(mail.contains("LOAD") && mail.contains("100.00 USD"), mail);
        assertTrue(mail.contains("PURCHASE") && mail.contains("-12.34 USD") && mail.contains("-25.00 USD"), mail);
        assertTrue(mail.contains("MERCHANT0000001"), "the merchant id: " + mail);
        assertTrue(mail.contains("Closing balance: 87.66 USD") && mail.contains("Closing balance: 75.00 USD"), mail);
        for (String secret : List.of(WalletClient.PASSWORD, RECOVERY_QUESTION, RECOVERY_ANSWER, ann.id())) {
            assertFalse(mail.contains(secret), "the mail holds no password, recovery data or customer id: " + secret);
        }
        boolean listed = false;
        for (JsonNode s : report.get("statements")) {
            if (s.get("text").asText().contains(groceries.get("maskedPan").asText())) {
                listed = true;
                assertEquals("EMAIL", s.get("channel").asText());
                assertEquals("SENT", s.get("status").asText());
                assertFalse(s.get("to").asText().equals(email), "the report masks the address");
                assertEquals(2, s.get("cards").asInt());
                assertEquals(4, s.get("entries").asInt());
            }
        }
        assertTrue(listed, "the run reports what it sent: " + report);

        List<String> texts = outboxTo(phone);
        assertEquals(1, texts.size(), "the phone contact's statement is in the outbox");
        assertTrue(texts.get(0).contains(bob.cards().get(0).get("maskedPan").asText()) && texts.get(0).contains("-7.00 USD"), texts.get(0));
        assertTrue(mailsTo(phone).isEmpty());

        String quietMask = cid.cards().get(0).get("maskedPan").asText();
        assertFalse(everythingSent().contains(quietMask), "no statement for a customer with no contact");

        JsonNode again = run();
        assertTrue(again.get("alreadySent").asInt() >= 2, again.toString());
        for (JsonNode s : again.get("statements")) {
            assertFalse(s.get("text").asText().contains(groceries.get("maskedPan").asText()), "sent once: " + again);
        }
        assertEquals(1, mailsTo(email).size(), "a rerun sends nothing twice");
        assertEquals(1, outboxTo(phone).size());

        StringWriter out = new StringWriter();
        int rc = AdminCli.run(new String[] {"--admin-url", "http://127.0.0.1:" + host.adminPort, "statements", "show", "--date", TODAY},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, rc);
        assertTrue(out.toString().contains("Card \"Groceries\" " + groceries.get("maskedPan").asText()), out.toString());
    }

    @Test
    void aFailedSendIsReportedAndRetriedOnce() throws Exception {
        String email = WalletClient.newId("dee") + "@example.org";
        Customer dee = customer(",\"email\":\"" + email + "\"", new String[] {"Spare"}, new long[] {999});
        String mask = dee.cards().get(0).get("maskedPan").asText();
        smtp.stop();
        JsonNode failed;
        try {
            failed = run();
        } finally {
            smtp = new GreenMail(setup);
            smtp.start();
        }
        JsonNode mine = null;
        for (JsonNode s : failed.get("statements")) if (s.get("text").asText().contains(mask)) mine = s;
        assertTrue(mine != null, failed.toString());
        assertEquals("FAILED", mine.get("status").asText());
        assertFalse(mine.get("error").isNull());
        assertTrue(failed.get("failed").asInt() >= 1);

        StringWriter out = new StringWriter();
        int rc = AdminCli.run(new String[] {"--admin-url", "http://127.0.0.1:" + host.adminPort, "statements", "run", "--date", TODAY},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, rc);
        assertTrue(out.toString().contains("SENT") && out.toString().contains(mask), "the command prints what it sent: " + out);
        assertEquals(1, mailsTo(email).size());
        assertTrue(mailsTo(email).get(0).contains("-9.99 USD"));
        JsonNode day = admin.ok("GET", "/statements/" + TODAY, null);
        boolean found = false;
        for (JsonNode s : day) {
            if (s.get("text").asText().contains(mask)) {
                found = true;
                assertEquals("SENT", s.get("status").asText());
                assertEquals(2, s.get("attempts").asInt());
            }
        }
        assertTrue(found, day.toString());
        run();
        assertEquals(1, mailsTo(email).size(), "once sent, never again");
        assertEquals(2, AdminCli.run(new String[] {"--admin-url", "http://127.0.0.1:" + host.adminPort, "statements", "run", "--date", "yesterday"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true)), "a bad date is a usage error");
        assertEquals(400, admin.call("POST", "/statements/run", "{\"date\":\"" + LocalDate.now(ZoneOffset.UTC).plusDays(2) + "\"}").status(),
                "a day that has not begun");
    }
}
