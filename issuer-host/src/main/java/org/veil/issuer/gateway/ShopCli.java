package org.veil.issuer.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veil.http.ApiCommandLine;
import org.veil.http.SecretValue;
import org.veil.http.JsonClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * scripts/shop: a partner shop's side of the payment gateway from the command line, and an example of signing with
 * {@link ShopSigner}: ask for approval of an order, ask how it stands, verify a receipt, or print the Authorization
 * header for a request to send with curl. The secret comes from --secret or $VEIL_SHOP_SECRET and is never printed.
 */
@Command(name = "shop", mixinStandardHelpOptions = true, description = "a partner shop against the Veil payment gateway",
        footer = "Exit: 0 done, 1 refused or declined by the gateway (or a receipt that does not verify), 2 bad usage, 3 the gateway cannot be reached.",
        subcommands = {ShopCli.OrderCommand.class, ShopCli.Status.class, ShopCli.Sign.class, ShopCli.VerifyReceipt.class})
public final class ShopCli extends ApiCommandLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--gateway-url", description = "gateway base URL (default http://127.0.0.1:${veil.gateway.port:-8083})") String gatewayUrl;
    @Option(names = "--key-id", description = "the shop's key id (from veil gateway register)") String keyId;
    @Option(names = "--secret", preprocessor = SecretValue.class, description = "the shop's secret (default: $VEIL_SHOP_SECRET)") String secret;

    public static void main(String[] args) {
        System.exit(run(new ShopCli(), args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    ShopCli() {
        super("shop");
    }

    @Override
    public Integer call() {
        throw new Usage("missing command: order, status, sign or verify-receipt (see --help)");
    }

    ShopSigner signer() {
        String s = secret != null ? secret : System.getenv("VEIL_SHOP_SECRET");
        if (keyId == null || s == null || s.isBlank()) throw new Usage("--key-id and --secret (or $VEIL_SHOP_SECRET) are required");
        return new ShopSigner(keyId, s);
    }

    String secretValue() {
        String s = secret != null ? secret : System.getenv("VEIL_SHOP_SECRET");
        if (s == null || s.isBlank()) throw new Usage("--secret (or $VEIL_SHOP_SECRET) is required");
        return s;
    }

    /** One signed request and its JSON answer. */
    JsonClient.Reply send(String method, String path, Object body) {
        URI base;
        try {
            base = JsonClient.base(gatewayUrl, "--gateway-url", "veil.gateway.port", "8083");
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
        ShopSigner signer = signer();
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new Usage("cannot write the request: " + e.getMessage());
        }
        return new JsonClient(base, "gateway", "is the issuer host running?")
                .send(method, path, body == null ? null : bytes, signer.authorization(method, path, bytes));
    }

    void print(JsonNode o) {
        out().printf("order %s at %s: %s%s%s%n", o.path("orderId").asText(), o.path("merchantId").asText(), o.path("status").asText(),
                o.hasNonNull("reason") ? " (" + o.get("reason").asText() + (o.hasNonNull("responseCode") ? ", " + o.get("responseCode").asText() : "") + ")" : "",
                o.hasNonNull("approvalCode") ? " approval " + o.get("approvalCode").asText() : "");
    }

    /** The order printed; exit 1 when it was declined, as for any other refusal. */
    int decision(JsonClient.Reply r) {
        int code = show(r, this::print);
        return code == OK && "DECLINED".equals(r.body().path("status").asText()) ? REFUSED : code;
    }

    @Command(name = "order", description = "ask the gateway to approve an order (matched with the buyer's wallet, or paid with card data or a one-time code)")
    static final class OrderCommand implements Callable<Integer> {
        @CommandLine.ParentCommand ShopCli cli;
        @Parameters(index = "0", description = "order id") String orderId;
        @Parameters(index = "1", description = "amount in minor units") long amount;
        @Option(names = "--card-number", description = "the card number from the checkout form") String cardNumber;
        @Option(names = "--card-password", description = "the card password (PIN) from the checkout form") String cardPassword;
        @Option(names = "--expiry", description = "the card's expiry YYMM from the checkout form") String expiry;
        @Option(names = "--one-time-code", description = "a one-time code instead of a card") String code;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("orderId", orderId);
            body.put("amount", amount);
            if (cardNumber != null) body.put("cardNumber", cardNumber);
            if (cardPassword != null) body.put("cardPassword", cardPassword);
            if (expiry != null) body.put("expiry", expiry);
            if (code != null) body.put("oneTimeCode", code);
            return cli.decision(cli.send("POST", "/orders", body));
        }
    }

    @Command(name = "status", description = "ask how an order stands (signed GET /orders/{orderId})")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand ShopCli cli;
        @Parameters(index = "0", description = "order id") String orderId;

        @Override
        public Integer call() {
            if (!orderId.matches("[A-Za-z0-9._:-]{1,64}")) throw new Usage("an order id is 1 to 64 of A-Z a-z 0-9 . _ : -");
            return cli.decision(cli.send("GET", "/orders/" + orderId, null));
        }
    }

    @Command(name = "sign", description = "print the Authorization header for a request (to send it with curl within 5 minutes)")
    static final class Sign implements Callable<Integer> {
        @CommandLine.ParentCommand ShopCli cli;
        @Parameters(index = "0", description = "method, e.g. POST") String method;
        @Parameters(index = "1", description = "path, e.g. /orders") String path;
        @Parameters(index = "2", arity = "0..1", description = "the body exactly as it will be sent") String body;

        @Override
        public Integer call() {
            cli.out().println("Authorization: " + cli.signer().authorization(method, path, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
            return OK;
        }
    }

    @Command(name = "verify-receipt", description = "check a receipt's signature with the shop's secret (exit 0 valid, 1 not)")
    static final class VerifyReceipt implements Callable<Integer> {
        @CommandLine.ParentCommand ShopCli cli;
        @Parameters(index = "0", description = "the receipt as JSON") String receipt;

        @Override
        public Integer call() {
            JsonNode n;
            try {
                n = JSON.readTree(receipt);
            } catch (IOException e) {
                throw new Usage("the receipt is not JSON");
            }
            if (Receipt.verify(cli.secretValue(), n)) {
                cli.out().println("valid receipt: order " + n.path("orderId").asText() + " " + n.path("status").asText());
                return OK;
            }
            cli.err.println("shop: the receipt's signature does not verify (altered, or another shop's)");
            return REFUSED;
        }
    }
}
