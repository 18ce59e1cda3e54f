package org.veil.cardswitch.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.veil.http.ApiCommandLine;
import org.veil.http.JsonClient;
import org.veil.http.JsonClient.Reply;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line for the faults of the switch's control API. Every failure is one line on stderr. Exit 0 done;
 * 1 the API refused (its reason is the line); 2 bad usage, nothing sent; 3 the API cannot be reached.
 */
@Command(name = "faults", mixinStandardHelpOptions = true, description = "Faults injected into the switch's edge answers",
        footer = "Exit: 0 done, 1 refused by the API, 2 bad usage, 3 the API cannot be reached.",
        subcommands = {FaultCli.Add.class, FaultCli.ListFaults.class, FaultCli.Clear.class})
public final class FaultCli extends ApiCommandLine {

    @Option(names = "--switch-url", description = "control API base URL (default http://127.0.0.1:${veil.switch.admin.port:-8082})")
    String switchUrl;


    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given output streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return ApiCommandLine.run(new FaultCli(), args, out, err);
    }

    FaultCli() {
        super("faults");
    }

    @Override
    public Integer call() {
        throw new Usage("missing command: add, list or clear (see --help)");
    }

    Reply call(String method, String path, Object body) {
        URI base;
        try {
            base = JsonClient.base(switchUrl, "--switch-url", "veil.switch.admin.port", "8082");
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
        return new JsonClient(base, "switch control API", "is the switch running?").call(method, path, body);
    }

    /** One fault on one line: "fault 3  terminal TERM0005  delay 2000 ms  2 of 3 left". */
    void print(JsonNode f) {
        String scope = f.has("terminal") ? "terminal " + f.get("terminal").asText() : "merchant " + f.get("merchant").asText();
        String kind = f.get("kind").asText() + (f.has("delayMs") ? " " + f.get("delayMs").asLong() + " ms" : "");
        String left = f.has("times") ? f.get("remaining").asInt() + " of " + f.get("times").asInt() + " left" : "until cleared";
        out.printf("fault %s  %s  %s  %s%n", f.get("id").asText(), scope, kind, left);
    }

    @Command(name = "add", description = "inject a fault into the answers to one terminal or merchant")
    static final class Add implements Callable<Integer> {
        @CommandLine.ParentCommand FaultCli cli;
        @Option(names = "--terminal", description = "terminal id (field 41)") String terminal;
        @Option(names = "--merchant", description = "merchant id (field 42)") String merchant;
        @Option(names = "--kind", required = true, description = "delay, drop, close, double or corrupt-mac") String kind;
        @Option(names = "--delay-ms", description = "for delay: how long, 1 to 60000 ms") Long delayMs;
        @Option(names = "--times", description = "only the next N matching answers (default: until cleared)") Long times;

        @Override
        public Integer call() {
            if ((terminal == null) == (merchant == null)) throw new Usage("give --terminal or --merchant (one of them)");
            FaultKind k = FaultKind.of(kind);
            if (k == null) throw new Usage("--kind must be one of " + FaultKind.NAMES + ", got '" + kind + "'");
            if (k == FaultKind.DELAY && delayMs == null) throw new Usage("--kind delay needs --delay-ms");
            if (k != FaultKind.DELAY && delayMs != null) throw new Usage("--delay-ms goes with --kind delay only");
            Map<String, Object> body = new LinkedHashMap<>();
            if (terminal != null) body.put("terminal", terminal);
            if (merchant != null) body.put("merchant", merchant);
            body.put("kind", kind);
            if (delayMs != null) body.put("delayMs", delayMs);
            if (times != null) body.put("times", times);
            return cli.show(cli.call("POST", "/faults", body), f -> {
                cli.out.print("added ");
                cli.print(f);
            });
        }
    }

    @Command(name = "list", description = "list the faults in force")
    static final class ListFaults implements Callable<Integer> {
        @CommandLine.ParentCommand FaultCli cli;

        @Override
        public Integer call() {
            return cli.show(cli.call("GET", "/faults", null), n -> {
                if (n.isEmpty()) cli.out.println("no faults");
                for (JsonNode f : n) cli.print(f);
            });
        }
    }

    @Command(name = "clear", description = "remove one fault by its id, or all of them")
    static final class Clear implements Callable<Integer> {
        @CommandLine.ParentCommand FaultCli cli;
        @Parameters(index = "0", arity = "0..1", description = "fault id (default: all)") String id;

        @Override
        public Integer call() {
            if (id == null) {
                return cli.show(cli.call("DELETE", "/faults", null), n -> cli.out.println("cleared " + n.get("cleared").asInt() + " fault(s)"));
            }
            if (!id.matches("[0-9]{1,18}")) throw new Usage("a fault id is a whole number, got '" + id + "'");
            return cli.show(cli.call("DELETE", "/faults/" + id, null), f -> {
                cli.out.print("cleared ");
                cli.print(f);
            });
        }
    }
}
