package org.veil.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JitActivityTest {
    @Test
    void thisJvmHasCompiledSomethingAndTheCountOnlyGrows() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        OptionalLong before = JitActivity.compileMillis(List.of(ProcessHandle.current()));
        assertTrue(before.isPresent());
        long sum = 0;
        for (int i = 0; i < 2_000_000; i++) sum += Integer.toString(i).hashCode(); // work for the JIT
        OptionalLong after = JitActivity.compileMillis(List.of(ProcessHandle.current()));
        assertTrue(after.isPresent() && after.getAsLong() >= before.getAsLong(), before + " then " + after + " (" + sum + ")");
    }
}
