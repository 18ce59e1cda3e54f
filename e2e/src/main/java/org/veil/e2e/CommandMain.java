package org.veil.e2e;

import picocli.CommandLine;

/** Runs a picocli command as a program: quiet library logging, one line for a bad argument (exit 2). */
public final class CommandMain {
    private CommandMain() {}

    public static void run(String name, Object command, String logbackConfig, String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", logbackConfig);
        }
        System.exit(execute(name, command, args));
    }

    /** The command's exit code; a bad argument is one line on stderr and 2. */
    public static int execute(String name, Object command, String[] args) {
        return new CommandLine(command)
                .setParameterExceptionHandler((ex, a) -> {
                    System.err.println(name + ": " + ex.getMessage());
                    return 2;
                })
                .execute(args);
    }
}
