package org.veil.cardswitch;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every live thread of this JVM, virtual ones included (jPOS serves each edge session on a
 * virtual thread, which ThreadMXBean does not count), from a JSON thread dump.
 */
final class LiveThreads {
    private static final Pattern COUNT = Pattern.compile("\"threadCount\": ?\"?(\\d+)");

    private LiveThreads() {}

    static int count() throws IOException {
        Path dir = Files.createTempDirectory("veil-threads");
        Path dump = dir.resolve("threads.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Matcher m = COUNT.matcher(Files.readString(dump));
            int n = 0;
            while (m.find()) n += Integer.parseInt(m.group(1));
            return n;
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(dir);
        }
    }
}
