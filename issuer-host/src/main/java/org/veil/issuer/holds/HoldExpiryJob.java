package org.veil.issuer.holds;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jpos.q2.QBeanSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.issuer.Issuer;

/** Q2 service: every {@code sweep-seconds} releases the holds past their expiry. */
public class HoldExpiryJob extends QBeanSupport {
    private static final Logger LOG = LoggerFactory.getLogger(HoldExpiryJob.class);
    private ScheduledExecutorService timer;

    @Override
    protected void startService() {
        long seconds = Math.max(1, cfg.getLong("sweep-seconds", 60));
        HoldSweeper sweeper = Issuer.await().holdSweeper();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hold-expiry");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                int n = sweeper.expireDue(System.currentTimeMillis());
                if (n > 0) LOG.info("expired {} hold(s)", n);
            } catch (Exception e) {
                LOG.warn("hold expiry sweep failed: {}", e.toString());
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    @Override
    protected void stopService() {
        if (timer != null) timer.shutdownNow();
    }
}
