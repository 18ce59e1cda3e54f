package org.veil.packagers;

import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jpos.q2.Q2;
import org.jpos.q2.QBean;

/** How the switch and the issuer host start jPOS's Q2: without the instrumentation nobody reads, which costs every request. */
public final class Q2Runtime {
    private Q2Runtime() {}

    /**
     * Starts Q2 on a deploy directory. --no-jfr: Q2 otherwise starts a flight recording of its own, and jPOS then
     * records an event for every space operation, transaction and participant (a recording started from outside, by
     * jcmd JFR.start, -XX:StartFlightRecording or scripts/bench --profile, still gets them). Q2 also feeds a Prometheus
     * registry that only its --metrics-port would publish; Veil starts none, so the registry is left out, and the
     * timer the TransactionManager keeps per participant of every transaction, with its percentile histogram, records
     * into nothing.
     */
    public static Q2 start(String deployDir, String... options) {
        String[] args = Stream.concat(Stream.of("-d", deployDir, "--no-jfr"), Arrays.stream(options)).toArray(String[]::new);
        Q2 q2 = new Q2(args);
        Metrics.globalRegistry.remove(q2.getPrometheusMeterRegistry());
        q2.start();
        return q2;
    }

    /**
     * Waits up to {@code timeoutMs} for Q2 to deploy every descriptor, then says what keeps the server from running: Q2
     * not done in time, or the services that did not start. Null when every service runs. Q2 counts itself ready once
     * it has deployed every descriptor, whether its service started or not: a start that failed is only logged.
     */
    public static String startProblem(Q2 q2, long timeoutMs) {
        if (!q2.ready(timeoutMs)) return "Q2 did not deploy its services in " + timeoutMs / 1000 + " s";
        List<String> failed = notStarted(q2);
        return failed.isEmpty() ? null : String.join(", ", failed) + " did not start";
    }

    /** The deployed services that are not running, by name in order (empty when all are). */
    private static List<String> notStarted(Q2 q2) {
        List<String> out = new ArrayList<>();
        try {
            MBeanServer server = q2.getMBeanServer();
            for (ObjectName name : server.queryNames(new ObjectName("Q2:type=qbean,*"), null)) {
                if (!Integer.valueOf(QBean.STARTED).equals(server.getAttribute(name, "State"))) {
                    out.add(name.getKeyProperty("service"));
                }
            }
        } catch (JMException e) {
            out.add("(cannot read the services' state: " + e.getMessage() + ")");
        }
        out.sort(null);
        return out;
    }
}
