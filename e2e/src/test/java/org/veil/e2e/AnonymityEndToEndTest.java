package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.terminal.IsoClient;

/**
 * The mission's promise, checked on every flow of the wallet at once (the demo's second act, on its own stack): a
 * customer whose every personal field carries a marker registers, gets cards, tops up, pays three partner shops, pays
 * with one-time codes and at a terminal, and gets a statement. No ISO answer, shop answer, receipt or push names them;
 * afterwards no file of the switch or the credit issuer, and no log line of any process, holds any personal field; and
 * the password and the recovery answer are nowhere in clear, not even in the issuer's own database.
 */
@Timeout(300)
class AnonymityEndToEndTest {

    @Test
    void noAcceptorNoSwitchAndNoLogLearnsWhoTheCustomerIs() throws Exception {
        String marker = marker();
        String phoneDigits = "1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000)) + "7";
        WalletAct.Customer customer = new WalletAct.Customer("anon." + marker, "Pass-" + marker + "-9", "+" + phoneDigits,
                "Nick" + marker, "Town of " + marker + "?", "Answer" + marker);
        List<String> personal = List.of(customer.id(), customer.password(), phoneDigits, customer.nickname(),
                customer.recoveryQuestion(), customer.recoveryAnswer(), marker);

        VeilStack stack = StackFixture.start("anonymity", Map.of());
        Path data = stack.dataDir();
        WalletAct act;
        Asserting transcript = new Asserting();
        try (stack) {
            act = new WalletAct(transcript, stack.admin(), stack.ports(), customer);
            act.run();
            StackFixture.assertLedgerAudits(stack.admin());
        }
        assertEquals(List.of(), transcript.failures, "steps of the wallet act that did not go as expected");
        assertTrue(act.acceptorsSaw().size() >= 12, "ISO answers and shop payloads recorded: " + act.acceptorsSaw().size());
        for (String seen : act.acceptorsSaw()) {
            for (String field : personal) assertFalse(seen.contains(field), "an acceptor received a personal field: " + seen);
        }

        int files = 0;
        int logs = 0;
        try (Stream<Path> all = Files.walk(data)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                files++;
                if (f.toString().endsWith(".log")) logs++;
                boolean issuerDatabase = f.getFileName().toString().startsWith("issuer") && f.toString().endsWith(".mv.db");
                // the issuer keeps the customer's id and contacts to serve them; only their secrets stay hashed there
                List<String> forbidden = issuerDatabase ? List.of(customer.password(), customer.recoveryAnswer()) : personal;
                for (String field : forbidden) {
                    assertFalse(raw.contains(field), f + " holds a personal field in clear");
                    assertFalse(raw.contains(field.toLowerCase(java.util.Locale.ROOT)), f + " holds a personal field (lower-cased)");
                }
            }
        }
        assertTrue(logs >= 3, "log files scanned: " + logs + " of " + files + " files");
    }

    private static String marker() {
        StringBuilder b = new StringBuilder("Qz");
        for (int i = 0; i < 10; i++) b.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        return b.toString();
    }

    /** Runs the steps as the demo does, silently, and keeps what did not go as expected. */
    private static final class Asserting implements Transcript {
        final List<String> failures = new ArrayList<>();

        @Override
        public boolean check(String label, boolean asExpected, String shown) {
            if (!asExpected) failures.add(label + ": " + shown);
            return asExpected;
        }

        @Override
        public ISOMsg step(IsoClient client, String label, ISOMsg request, String expected, String cardRef) throws Exception {
            ISOMsg answer = client.call(request, java.time.Duration.ofSeconds(15));
            check(label, expected.equals(answer.getString(39)), "answered " + answer.getString(39) + ", expected " + expected);
            return answer;
        }
    }
}
