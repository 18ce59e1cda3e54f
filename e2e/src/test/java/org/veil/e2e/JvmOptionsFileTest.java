package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmOptionsFileTest {
    @Test
    void optionsComeInOrderWithoutCommentsOrBlankLines(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("jvm.options"), "# heap\n-Xmx1g\n\n   -Xmn600m  \n  # indented comment\n-Dveil.x=a=b\n");
        assertEquals(List.of("-Xmx1g", "-Xmn600m", "-Dveil.x=a=b"), JvmOptionsFile.read(f));
    }

    @Test
    void noFileMeansNoOptions(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), JvmOptionsFile.read(dir.resolve("missing.options")));
    }

    @Test
    void twoOptionsOnALineOrAStrayWordIsRefusedNamingTheLine(@TempDir Path dir) throws IOException {
        Path two = Files.writeString(dir.resolve("two.options"), "# ok\n-Xmx1g -Xmn600m\n");
        IOException e = assertThrows(IOException.class, () -> JvmOptionsFile.read(two));
        assertTrue(e.getMessage().endsWith("two.options line 2: one JVM option per line, starting with -, got '-Xmx1g -Xmn600m'"), e.getMessage());
        Path word = Files.writeString(dir.resolve("word.options"), "Xmx1g\n");
        assertTrue(assertThrows(IOException.class, () -> JvmOptionsFile.read(word)).getMessage().contains("line 1"));
    }
}
