package org.veil.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every command line over one of our JSON APIs shares: --json, the exit codes, and every failure as one line
 * on stderr ({@code program: what is wrong}). Exit 0 done; 1 the API refused (its reason is the line); 2 bad usage,
 * nothing sent; 3 the API cannot be reached.
 */
public abstract class ApiCommandLine implements Callable<Integer> {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    @Option(names = "--json", description = "print the raw JSON answer")
    protected boolean json;

    protected PrintWriter out;
    protected PrintWriter err;
    private final String program;

    protected ApiCommandLine(String program) {
        this.program = program;
    }

    /** Runs {@code cli} with the given output streams and returns the exit code (for mains, tests and embedding). */
    public static int run(ApiCommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        cli.out = out;
        cli.err = err;
        CommandLine cl = new CommandLine(cli);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println(cli.program + ": " + oneLine(e.getMessage()));
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, r) -> {
            err.println(cli.program + ": " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof JsonClient.Unreachable ? UNREACHABLE : e instanceof Usage ? USAGE : REFUSED;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static String oneLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("").strip();
    }

    /** Prints the answer (raw with --json) and returns the exit code: 0 for 2xx, 1 otherwise. */
    public int show(JsonClient.Reply r, Consumer<JsonNode> pretty) {
        if (r.status() >= 300) {
            String msg = r.body().has("error") ? r.body().get("error").asText() : ("HTTP " + r.status());
            if (json) out.println(r.body());
            err.println(program + ": " + oneLine(msg));
            return REFUSED;
        }
        if (json) out.println(r.body().toPrettyString()); else pretty.accept(r.body());
        return OK;
    }

    public PrintWriter out() {
        return out;
    }

    /** Bad usage: one line, exit 2, nothing sent. */
    public static final class Usage extends RuntimeException {
        public Usage(String message) {
            super(message, null, false, false);
        }
    }
}
