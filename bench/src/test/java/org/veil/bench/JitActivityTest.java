package org.veil.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JitActivityTest {
    @Test
    void hotSpotCompilerThreadsAreTheOnesCounted() {
        assertTrue(JitActivity.isCompiler("C2 CompilerThre"));
        assertTrue(JitActivity.isCompiler("C1 CompilerThre"));
        assertFalse(JitActivity.isCompiler("issuer-worker-1"));
        assertFalse(JitActivity.isCompiler("GC Thread#0"));
    }

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

    @Test
    void aProcessThatHasEndedCannotBeRead() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        Process p = new ProcessBuilder("true").start();
        ProcessHandle h = p.toHandle();
        p.waitFor();
        p.onExit().get();
        assertTrue(JitActivity.compileMillis(List.of(h)).isEmpty());
    }
}
