package org.veil.terminal.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files a run takes: each FILE as given, each DIR's .yml/.yaml/.json files recursively in path order, except
 * those under a directory whose name starts with _ (shared steps for include).
 */
final class ScenarioFiles {
    private ScenarioFiles() {}

    static boolean isScenarioFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".json");
    }

    /** Under a directory whose name starts with _ (such as _shared): steps that scenarios include, not scenarios. */
    private static boolean isShared(Path dir, Path file) {
        for (Path part : dir.relativize(file.getParent() == null ? file : file.getParent())) {
            if (part.toString().startsWith("_")) return true;
        }
        return false;
    }

    /** IllegalArgumentException (one line) for a path that does not exist, a file of another kind, or a DIR with none. */
    static List<Path> collect(List<Path> given) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                List<Path> found;
                try (Stream<Path> walk = Files.walk(p)) {
                    found = new ArrayList<>(walk.filter(f -> Files.isRegularFile(f) && isScenarioFile(f) && !isShared(p, f)).sorted().toList());
                } catch (IOException | UncheckedIOException e) {
                    throw new IllegalArgumentException(p + ": cannot be listed (" + e.getMessage() + ")");
                }
                if (found.isEmpty()) throw new IllegalArgumentException(p + ": holds no .yml, .yaml or .json file");
                out.addAll(found);
            } else if (Files.isRegularFile(p)) {
                if (!isScenarioFile(p)) throw new IllegalArgumentException(p + ": not a scenario file (expected .yml, .yaml or .json)");
                out.add(p);
            } else {
                throw new IllegalArgumentException(p + ": no such file or directory");
            }
        }
        return List.copyOf(out);
    }
}
