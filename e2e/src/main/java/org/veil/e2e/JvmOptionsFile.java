package org.veil.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's JVM options as kept in {@code cfg/<service>/jvm.options}: one option per line; blank lines and lines
 * starting with # are skipped. scripts/lib/common.sh reads the same file for the scripts.
 */
public final class JvmOptionsFile {
    private JvmOptionsFile() {
    }

    /** The options in {@code file}, in order; none when there is no such file. */
    public static List<String> read(Path file) throws IOException {
        List<String> options = new ArrayList<>();
        if (!Files.exists(file)) return options;
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String option = line.strip();
            if (option.isEmpty() || option.startsWith("#")) continue;
            if (!option.startsWith("-") || option.chars().anyMatch(Character::isWhitespace)) {
                throw new IOException(file + " line " + n + ": one JVM option per line, starting with -, got '" + option + "'");
            }
            options.add(option);
        }
        return options;
    }
}
