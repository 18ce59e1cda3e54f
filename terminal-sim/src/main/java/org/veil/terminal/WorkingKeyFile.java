package org.veil.terminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where the simulator keeps each terminal's working keys between runs, as a real terminal keeps them in its memory:
 * the switch remembers the keys of a terminal's last key change, so the terminal must too. One file per terminal id,
 * {@code TERMID.keys}, holding the key change answer's {@code PK} and {@code MK} values as they came on the wire (each
 * key under the TMK with its check value): never a clear key.
 */
public final class WorkingKeyFile {
    private final Path dir;

    public WorkingKeyFile(Path dir) {
        this.dir = dir;
    }

    /** {@code ${veil.data.dir}/terminal-keys} (default data/terminal-keys), beside the switch's database. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("veil.data.dir", "data"), "terminal-keys");
    }

    /** The file of {@code terminalId}. */
    public Path file(String terminalId) {
        String id = terminalId.strip();
        if (!id.matches("[A-Za-z0-9_-]{1,8}")) throw new IllegalArgumentException("terminal id '" + id + "' cannot name a key file");
        return dir.resolve(id + ".keys");
    }

    /** The saved PK and MK values, or empty when this terminal never changed keys here. */
    public Optional<String[]> load(String terminalId) {
        Path f = file(terminalId);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            String pk = null;
            String mk = null;
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("PK=")) pk = line.substring(3).strip();
                if (line.startsWith("MK=")) mk = line.substring(3).strip();
            }
            if (pk == null || mk == null) throw new IllegalArgumentException("working key file " + f + " lacks PK= or MK=: delete it");
            return Optional.of(new String[] {pk, mk});
        } catch (IOException e) {
            throw new IllegalArgumentException("working key file " + f + " cannot be read: " + e.getMessage());
        }
    }

    /** Replaces the saved keys of {@code terminalId} (written beside, then moved, so a crash leaves the old or the new). */
    public void save(String terminalId, String pk, String mk) {
        Path f = file(terminalId);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, f.getFileName().toString(), ".tmp");
            Files.writeString(tmp, "# " + terminalId.strip() + ": working keys of the last key change, under the TMK + check value\n"
                    + "PK=" + pk + "\nMK=" + mk + "\n");
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the new working keys in " + f + ": " + e.getMessage(), e);
        }
    }
}
