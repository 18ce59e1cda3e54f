package org.veil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jpos.iso.ISOMsg;
import org.veil.http.JsonClient;
import org.veil.http.JsonClient.Reply;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.gateway.Receipt;
import org.veil.issuer.gateway.ShopSigner;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * The demo's second act, the anonymous wallet: a customer known only by an id and a password gets cards, tops them up,
 * pays partner shops that never learn who paid, and pays at a terminal.
 */
final class WalletAct {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHYSICAL_PIN = "2468";

    private final Transcript demo;
    private final Customer customer;
    /** Everything a terminal, a VAN or a partner shop received in this act: none of it may name the customer. */
    private final List<String> acceptorsSaw = new ArrayList<>();
    private final AdminClient admin;
    private final VeilStack.Ports ports;
    private final JsonClient wallet;
    private final JsonClient adminApi;
    private final String run;
    private String token;

    /** The customer's personal fields: only the id and password are required; statements go to the phone. */
    record Customer(String id, String password, String phone, String nickname, String recoveryQuestion, String recoveryAnswer) {
        static Customer demo() {
            String run = Long.toString(System.currentTimeMillis() / 1000 % 100_000_000);
            return new Customer("demo-" + run, "Demo-Password-" + run, "+15550100" + run.substring(run.length() - 3), null, null, null);
        }

        Map<String, Object> registration() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("customerId", id);
            m.put("password", password);
            if (phone != null) m.put("phone", phone);
            if (nickname != null) m.put("nickname", nickname);
            if (recoveryQuestion != null) m.put("recoveryQuestion", recoveryQuestion);
            if (recoveryAnswer != null) m.put("recoveryAnswer", recoveryAnswer);
            return m;
        }
    }

    WalletAct(Transcript demo, AdminClient admin, VeilStack.Ports ports, Customer customer) {
        this.demo = demo;
        this.customer = customer;
        this.run = Long.toString(Math.floorMod(customer.id().hashCode(), 100_000_000));
        this.admin = admin;
        this.ports = ports;
        this.wallet = new JsonClient(URI.create("http://127.0.0.1:" + ports.wallet()), "wallet API", "is the issuer host running?");
        this.adminApi = new JsonClient(URI.create("http://127.0.0.1:" + ports.admin()), "admin API", "is the issuer host running?");
    }

    void run() throws Exception {
        System.out.printf("%n== The anonymous wallet (cardholder API %d, shop gateway %d) ==%n", ports.wallet(), ports.gateway());
        Reply reg = wallet.call("POST", "/customers", customer.registration());
        demo.check("register " + customer.id() + " (an id, a password, a phone for statements)", reg.status() == 201, "" + reg.status());
        Reply login = wallet.call("POST", "/sessions", Map.of("customerId", customer.id(), "password", customer.password()));
        token = login.body().path("token").asText();
        demo.check("log in: a session token", login.status() == 201 && !token.isEmpty(), "" + login.status());

        JsonNode virtual = walletCall("POST", "/cards", Map.of("type", "virtual", "product", "PREPAID-USD", "name", "online"), 201,
                "apply for a virtual card \"online\"");
        JsonNode physical = walletCall("POST", "/cards", Map.of("type", "physical", "product", "PREPAID-USD", "name", "plastic",
                "pin", PHYSICAL_PIN), 201, "apply for a physical card \"plastic\" with a PIN");
        long v = virtual.path("id").asLong();
        long p = physical.path("id").asLong();
        String virtualPan = virtual.path("pan").asText();
        System.out.printf("      virtual %s (number, expiry, CVV2 shown once), physical %s ordered%n",
                CardNumbers.mask(virtualPan), CardNumbers.mask(physical.path("fulfilment").path("pan").asText()));

        cashTopUp(virtualPan, virtual.path("expiry").asText(), v);
        fundedTopUps(v);
        partnerShops(v, virtualPan);
        oneTimeCodes(v);
        physicalCard(p, physical.path("fulfilment"));
        statement(virtualPan);
    }

    private void cashTopUp(String pan, String expiry, long card) throws Exception {
        RequestFactory agent = new RequestFactory("TERM0002", "MERCHANT0000001", "Veil Demo Coffee", "840");
        try (IsoClient client = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", ports.terminal())) {
            iso(client, "cash top-up 200.00 at an agent terminal (0200, code 21)", agent.load(CardData.keyed(pan, expiry), 20_000),
                    "00", String.valueOf(card));
        }
    }

    /**
     * From the wallet's funding sources: a credit card of another issuer (an authorization through the switch to the
     * simulated credit issuer, loaded only on its approval) and a bank transfer (credited when the bank confirms it).
     */
    private void fundedTopUps(long card) throws java.io.IOException {
        JsonNode credit = walletCall("POST", "/funding-sources", Map.of("kind", "credit-card", "number", "4111110000000013",
                "expiry", "3012", "name", holderName()), 201, "wallet: add a credit card of another issuer as a funding source");
        JsonNode small = walletCall("POST", "/funding-sources", Map.of("kind", "credit-card", "number", "4111110000000021",
                "expiry", "3012", "name", holderName()), 201, "wallet: add a second one, with a 50.00 credit limit");
        JsonNode bank = walletCall("POST", "/funding-sources", Map.of("kind", "bank-account", "iban", "DE89370400440532013000",
                "name", holderName()), 201, "wallet: add a bank account");
        System.out.printf("      funding sources %s, %s, %s (masked; the numbers are sealed)%n", credit.path("maskedNumber").asText(),
                small.path("maskedNumber").asText(), bank.path("maskedNumber").asText());
        JsonNode done = walletCall("POST", "/top-ups", Map.of("card", card, "source", credit.path("id").asLong(), "amount", 10_000,
                "reference", "demo-credit-" + run), 201, "wallet: top up 100.00 from the credit card (0200 via the switch)");
        demo.check("    the credit issuer approved, then the card was loaded", "completed".equals(done.path("state").asText()),
                done.path("state").asText() + ", approval " + done.path("approvalCode").asText());
        JsonNode declined = walletCall("POST", "/top-ups", Map.of("card", card, "source", small.path("id").asLong(), "amount", 10_000,
                "reference", "demo-credit-small-" + run), 422, "wallet: top up 100.00 from the card with the 50.00 limit");
        demo.check("    declined by the credit issuer, nothing loaded", "51".equals(declined.path("responseCode").asText()),
                declined.path("responseCode").asText() + " " + declined.path("reason").asText());
        JsonNode pending = walletCall("POST", "/top-ups", Map.of("card", card, "source", bank.path("id").asLong(), "amount", 5_000,
                "reference", "demo-bank-" + run), 202, "wallet: top up 50.00 by bank transfer (pending)");
        String transfer = pending.path("transferReference").asText();
        Reply confirmed = adminApi.call("POST", "/bank-transfers/" + transfer + "/confirm", null);
        demo.check("bank: transfer " + transfer + " arrived; the card is credited", confirmed.status() == 200
                && "completed".equals(confirmed.body().path("state").asText()), confirmed.status() + " " + confirmed.body().path("state").asText());
        demo.check("    available on the card now", admin.available(String.valueOf(card)) == 35_000,
                Demo.money(admin.available(String.valueOf(card))));
    }

    /** Three shops, one per result mode; each learns the decision and nothing about the buyer. */
    private void partnerShops(long card, String pan) throws Exception {
        System.out.println("  -- paying partner shops with matched requests --");
        try (Callbacks callbacks = new Callbacks()) {
            Shop buyer = register("DEMOB" + run, "buyer", null);
            Shop push = register("DEMOP" + run, "push", callbacks.url());
            Shop inquiry = register("DEMOI" + run, "inquiry", null);

            long before = admin.available(String.valueOf(card));
            JsonNode purchase = walletCall("POST", "/purchases", purchase(card, buyer, "B-1", 2500), 202,
                    "wallet: buy for 25.00 at " + buyer.merchant + " (buyer mode), order B-1");
            JsonNode shopAnswer = buyer.order("B-1", 2500);
            demo.check("shop: approval request for B-1, 25.00", "APPROVED".equals(shopAnswer.path("status").asText()),
                    shopAnswer.path("status").asText());
            JsonNode receipt = walletCall("GET", "/purchases/" + purchase.path("id").asText(), null, 200,
                    "wallet: the decided purchase carries a receipt").path("receipt");
            demo.check("shop: the receipt the buyer hands over verifies with the shop's secret",
                    Receipt.verify(buyer.secret, receipt), receipt.path("status").asText() + " " + receipt.path("approvalCode").asText());

            walletCall("POST", "/purchases", purchase(card, push, "P-1", 1200), 202,
                    "wallet: buy for 12.00 at " + push.merchant + " (push mode), order P-1");
            push.order("P-1", 1200);
            JsonNode pushed = callbacks.next(Duration.ofSeconds(10));
            demo.check("shop: the gateway pushed the signed result to its callback",
                    pushed != null && Receipt.verify(push.secret, pushed), pushed == null ? "nothing" : pushed.path("status").asText());

            JsonNode waiting = inquiry.order("I-1", 800);
            demo.check("shop: approval request for I-1 before the buyer's (waits)", "PENDING".equals(waiting.path("status").asText()),
                    waiting.path("status").asText());
            walletCall("POST", "/purchases", purchase(card, inquiry, "I-1", 800), 200,
                    "wallet: buy for 8.00 at " + inquiry.merchant + " (inquiry mode), order I-1");
            JsonNode asked = inquiry.inquire("I-1");
            demo.check("shop: asks for I-1 by order id", "APPROVED".equals(asked.path("status").asText()), asked.path("status").asText());

            walletCall("POST", "/purchases", purchase(card, buyer, "B-2", 5000), 202,
                    "wallet: buy for 50.00 at " + buyer.merchant + ", order B-2");
            JsonNode mismatch = buyer.order("B-2", 4000);
            demo.check("shop: asks 40.00 for B-2: the amounts differ, both declined", "DECLINED".equals(mismatch.path("status").asText())
                    && "AMOUNT_MISMATCH".equals(mismatch.path("reason").asText()), mismatch.path("reason").asText());
            long spent = before - admin.available(String.valueOf(card));
            demo.check("card charged for the three approved orders only", spent == 2500 + 1200 + 800, "charged " + Demo.money(spent));
            StringBuilder shopsSaw = new StringBuilder();
            for (JsonNode n : new JsonNode[] {shopAnswer, receipt, pushed, waiting, asked, mismatch}) {
                acceptorsSaw.add(String.valueOf(n));
                shopsSaw.append(n).append(' ');
            }
            String seen = shopsSaw.toString();
            demo.check("no shop answer, receipt or push names the customer or the card",
                    !seen.contains(customer.id()) && !seen.contains(pan) && !seen.contains(CardNumbers.mask(pan)), "checked");
        }
    }

    /** Codes minted in the wallet: paid once, refused the second time; a large one waits for the holder's approval. */
    private void oneTimeCodes(long card) throws Exception {
        System.out.println("  -- one-time codes instead of card data --");
        String ref = String.valueOf(card);
        JsonNode small = walletCall("POST", "/cards/" + card + "/one-time-codes",
                Map.of("maxAmount", 3000, "expiresInMinutes", 10, "merchant", "VANSHOP00000001"), 201,
                "wallet: a code for up to 30.00 at VANSHOP00000001 (shown once)");
        RequestFactory van = new RequestFactory("VAN00001", "VANSHOP00000001", "Veil Demo Web Shop", "840");
        try (IsoClient client = IsoClient.connect(Dialect.VAN, "127.0.0.1", ports.van())) {
            iso(client, "web shop presents the code for 20.00 (48 OT, no card data)",
                    van.oneTimeCodePurchase(OneTimeCodes.CARRIER_PAN, small.path("code").asText(), 2000), "00", ref);
            iso(client, "the same code presented again", van.oneTimeCodePurchase(OneTimeCodes.CARRIER_PAN,
                    small.path("code").asText(), 1000), "57", ref);
        }
        JsonNode large = walletCall("POST", "/cards/" + card + "/one-time-codes", Map.of("maxAmount", 20000, "expiresInMinutes", 10), 201,
                "wallet: a code for up to 200.00 (above 100.00 the holder confirms)");
        RequestFactory shop = new RequestFactory("TERM0001", "MERCHANT0000001", "Veil Demo Coffee", "840");
        try (IsoClient client = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", ports.terminal());
                ExecutorService holder = Executors.newSingleThreadExecutor()) {
            Future<Boolean> confirmed = holder.submit(() -> approveFirstConfirmation(Duration.ofSeconds(3)));
            iso(client, "shop presents it for 120.00 while the holder approves in the wallet",
                    shop.oneTimeCodePurchase(OneTimeCodes.CARRIER_PAN, large.path("code").asText(), 12_000), "00", ref);
            demo.check("wallet: the holder saw the payment waiting and approved it", confirmed.get(), confirmed.get() ? "approved" : "never saw it");
        }
    }

    private boolean approveFirstConfirmation(Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            JsonNode waiting = wallet.call("GET", "/confirmations", null, token).body();
            if (waiting.isArray() && !waiting.isEmpty()) {
                return wallet.call("POST", "/confirmations/" + waiting.get(0).path("id").asText(), Map.of("approve", true), token).status() == 200;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * The nightly job covers the day before; run for today, it shows what this customer's phone receives tomorrow.
     * (Customers of earlier demo runs in the same data directory get theirs in the same run, once.)
     */
    private void statement(String virtualPan) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Reply r = adminApi.call("POST", "/statements/run", Map.of("date", today));
        JsonNode ours = null;
        for (JsonNode sent : r.body().path("statements")) {
            if (sent.path("text").asText().contains(CardNumbers.mask(virtualPan))) ours = sent;
        }
        demo.check("operator: the statement job for " + today + " (nightly for the day before)", r.status() == 200 && ours != null
                && "SENT".equals(ours.path("status").asText()), r.status() + (ours == null ? ", none for this customer"
                : ", " + ours.path("status").asText() + " via " + ours.path("channel").asText()));
        if (ours != null) {
            System.out.println("      -- the statement as sent to " + ours.path("to").asText() + " --");
            ours.path("text").asText().lines().forEach(line -> System.out.println("      | " + line));
        }
    }

    private void physicalCard(long card, JsonNode plant) throws Exception {
        System.out.println("  -- the physical card at a terminal --");
        RequestFactory shop = new RequestFactory("TERM0001", "MERCHANT0000001", "Veil Demo Coffee", "840");
        CardData swiped = CardData.fromTrack2(plant.path("track2").asText());
        admin.load(String.valueOf(card), 5_000, "demo-plastic-" + run);
        try (IsoClient client = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", ports.terminal())) {
            iso(client, "purchase 5.00 with the plastic before it is activated", shop.purchase(swiped, 500), "62",
                    String.valueOf(card));
            Reply shipped = adminApi.call("POST", "/cards/" + card + "/fulfilment", Map.of("state", "shipped"));
            demo.check("card plant: shipped", shipped.status() == 200, "" + shipped.status());
            walletCall("POST", "/cards/" + card + "/activate", null, 200, "wallet: activate the plastic");
            iso(client, "purchase 5.00 with the activated plastic", shop.purchase(swiped, 500), "00", String.valueOf(card));
        }
    }

    /** The name on the funding card and the bank account: personal data the wallet keeps to itself. */
    private String holderName() {
        return customer.nickname() == null ? "Demo Holder" : customer.nickname();
    }

    /** What terminals, VANs and shops received in this act, one text each. */
    List<String> acceptorsSaw() {
        return acceptorsSaw;
    }

    private ISOMsg iso(IsoClient client, String label, ISOMsg request, String expected, String cardRef) throws Exception {
        ISOMsg answer = demo.step(client, label, request, expected, cardRef);
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i <= answer.getMaxField(); i++) {
            if (answer.hasField(i)) fields.append(i).append('=').append(answer.getString(i)).append(' ');
        }
        acceptorsSaw.add(fields.toString());
        return answer;
    }

    private JsonNode walletCall(String method, String path, Object body, int expected, String label) {
        Reply r = wallet.call(method, path, body, token);
        demo.check(label, r.status() == expected, r.status() + (r.status() >= 400 ? " " + r.body().path("error").asText() : ""));
        return r.body();
    }

    private static Map<String, Object> purchase(long card, Shop shop, String orderId, long amount) {
        return Map.of("card", card, "merchant", shop.merchant, "orderId", orderId, "amount", amount,
                "items", List.of(Map.of("name", "demo item", "quantity", 1)));
    }

    private Shop register(String merchant, String mode, String callback) {
        Map<String, Object> body = callback == null ? Map.of("merchantId", merchant, "name", "Demo " + mode + " shop", "resultMode", mode)
                : Map.of("merchantId", merchant, "name", "Demo " + mode + " shop", "resultMode", mode, "callbackUrl", callback);
        Reply r = adminApi.call("POST", "/gateway/merchants", body);
        demo.check("operator: register shop " + merchant + ", result mode " + mode, r.status() == 201, "" + r.status());
        return new Shop(merchant, r.body().path("keyId").asText(), r.body().path("secret").asText(),
                new JsonClient(URI.create("http://127.0.0.1:" + ports.gateway()), "gateway API", "is the issuer host running?"));
    }

    /** A partner shop's side: every request signed with its key. */
    private record Shop(String merchant, String keyId, String secret, JsonClient gateway) {
        JsonNode order(String orderId, long amount) throws java.io.IOException {
            return signed("POST", "/orders", JSON.writeValueAsBytes(Map.of("orderId", orderId, "amount", amount)));
        }

        JsonNode inquire(String orderId) {
            return signed("GET", "/orders/" + orderId, new byte[0]);
        }

        private JsonNode signed(String method, String path, byte[] body) {
            return gateway.send(method, path, body.length == 0 ? null : body,
                    new ShopSigner(keyId, secret).authorization(method, path, body)).body();
        }
    }

    /** The push-mode shop's callback endpoint, on loopback for the demo's lifetime. */
    private static final class Callbacks implements AutoCloseable {
        private final HttpServer server;
        private final BlockingQueue<JsonNode> received = new ArrayBlockingQueue<>(16);

        Callbacks() throws java.io.IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/veil-results", exchange -> {
                try (exchange) {
                    received.offer(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/veil-results";
        }

        JsonNode next(Duration wait) throws InterruptedException {
            return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
