package org.veil.e2e;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command as a program: quiet library logging, and every failure as one line on stderr,
 * "name: what is wrong": exit 2 for bad usage (found before anything starts), 1 for a run that failed.
 */
public final class CommandMain {
    public static final int USAGE = 2;
    public static final int FAILED = 1;

    private CommandMain() {}

    public static void run(String name, Object command, String logbackConfig, String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", logbackConfig);
        }
        System.exit(execute(name, command, args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** The command's exit code, with System.out and System.err. */
    public static int execute(String name, Object command, String[] args) {
        return execute(name, command, args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** The command's exit code, its usage errors and failures written to err as one line (for tests and embedding). */
    public static int execute(String name, Object command, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(name + ": " + oneLine(ex.getMessage()));
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println(name + ": " + oneLine(ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return FAILED;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String oneLine(String s) {
        return s.strip().lines().findFirst().orElse("").strip();
    }
}
