package org.veil.terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.TimeoutException;
import org.veil.terminal.scenario.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scripts/terminal send|load|run ...}: a POS terminal or VAN on the command line, and the scenario runner. */
@Command(name = "terminal", mixinStandardHelpOptions = true, version = "veil terminal 0.1.0",
        description = "Veil POS terminal / VAN simulator: one transaction (send), a load run (load) or scenario files (run).",
        footer = "Exit: 0 done, 1 an answer other than --expect, 2 bad usage (nothing sent), 3 no connection or no answer.",
        subcommands = {SendCommand.class, LoadCommand.class, RunCommand.class})
public final class TerminalCli implements Runnable {
    public static final int OK = 0;
    public static final int MISMATCH = 1;
    public static final int USAGE = 2;
    public static final int NO_ANSWER = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: send, load or run (see --help)");
    }

    public static void main(String[] args) {
        // Our own quiet logging unless the caller chose one (other modules' jars may carry a logback.xml).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "org/veil/terminal/logback-cli.xml");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given output streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("terminal: " + oneLine(ex.getMessage()));
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable e = ex;
            c.getErr().println("terminal: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            if (e instanceof IllegalArgumentException) return USAGE;
            if (e instanceof IOException || e instanceof TimeoutException) return NO_ANSWER;
            return MISMATCH;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String oneLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
