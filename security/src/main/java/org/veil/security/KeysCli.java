package org.veil.security;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.crypto.SecretKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scripts/keys generate|list}: a new key set with its check values, or the check values of an existing one.
 * Key material is never printed. Exit 0 done, 1 failed, 2 bad usage.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Veil key sets: generate one, or list one's check values",
        footer = "Exit: 0 done, 1 failed, 2 bad usage.", subcommands = {KeysCli.Generate.class, KeysCli.ListKeys.class})
public final class KeysCli implements Runnable {
    public static final String TEST_KEYSTORE = "cfg/keys/TEST-ONLY-keys.p12";
    public static final String TEST_PASSWORD = "test-only-not-a-secret";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: generate or list (see --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new KeysCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("keys: " + firstLine(e.getMessage()));
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, r) -> {
            err.println("keys: " + firstLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("").strip();
    }

    @Command(name = "generate", description = "write a new random key set (every role) to a PKCS12 keystore and print its check values")
    static final class Generate implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--out", required = true, description = "keystore file to write") Path out;
        @Option(names = "--password", required = true, description = "keystore password") String password;
        @Option(names = "--force", description = "overwrite an existing file") boolean force;

        @Override
        public Integer call() throws IOException {
            if (password.length() < 8) throw new IllegalArgumentException("--password must be at least 8 characters");
            if (Files.exists(out) && !force) throw new IllegalArgumentException(out + " exists (give --force to replace it)");
            SecureRandom random = new SecureRandom();
            Map<String, SecretKey> keys = new LinkedHashMap<>();
            Map<KeyRole, SecretKey> byRole = new EnumMap<>(KeyRole.class);
            for (KeyRole role : KeyRole.values()) byRole.put(role, role.generate(random));
            byRole.forEach((role, k) -> keys.put(role.alias, k));
            KeyVault vault = KeyVault.of(keys);
            vault.save(out, password.toCharArray());
            PrintWriter o = spec.commandLine().getOut();
            o.println("wrote " + out + " (" + keys.size() + " keys)");
            vault.describe().forEach(o::println);
            return 0;
        }
    }

    @Command(name = "list", description = "print alias, algorithm, length and check value of every key in a keystore")
    static final class ListKeys implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--keystore", description = "default: " + TEST_KEYSTORE) Path keystore = Path.of(TEST_KEYSTORE);
        @Option(names = "--password", description = "default: the test keystore's") String password = TEST_PASSWORD;

        @Override
        public Integer call() {
            KeyVault.load(keystore, password.toCharArray()).describe().forEach(spec.commandLine().getOut()::println);
            return 0;
        }
    }
}
