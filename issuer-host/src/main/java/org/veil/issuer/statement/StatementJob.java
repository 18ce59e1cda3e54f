package org.veil.issuer.statement;

import java.lang.reflect.Constructor;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.issuer.Issuer;

/**
 * Q2 service: every day at {@code run-at} in {@code zone} sends the previous day's statements ({@link StatementRun}).
 * At start it also runs the previous day once, a little later, in case the host was down at run-at (nothing is sent twice).
 * The admin API finds it in the NameRegistrar to run a chosen day.
 */
public class StatementJob extends QBeanSupport {
    public static final String REGISTRY_NAME = "veil.issuer.statements";
    private static final Logger LOG = LoggerFactory.getLogger(StatementJob.class);
    private static final long CATCH_UP_SECONDS = 30;
    private ScheduledExecutorService timer;
    private StatementRun run;
    private LocalTime runAt;

    @Override
    protected void startService() throws Exception {
        Issuer issuer = Issuer.await();
        ZoneId zone;
        try {
            zone = ZoneId.of(cfg.get("zone", "UTC"));
            runAt = LocalTime.parse(cfg.get("run-at", "00:05"));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("statements: zone must be a time zone id (UTC, Europe/Paris) and run-at a time HH:MM: " + e.getMessage());
        }
        MailSender mail = new MailSender(cfg.get("smtp-host", "127.0.0.1"), cfg.getInt("smtp-port", 2525), cfg.get("from", "statements@veil.invalid"));
        run = new StatementRun(issuer.dataSource(), issuer.products(), mail, mobileSender(cfg.get("mobile-sender", OutboxMobileSender.class.getName()),
                issuer.dataSource()), zone);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "statements");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(this::daily, CATCH_UP_SECONDS, TimeUnit.SECONDS);
        NameRegistrar.register(REGISTRY_NAME, this);
    }

    @Override
    protected void stopService() {
        NameRegistrar.unregister(REGISTRY_NAME);
        if (timer != null) timer.shutdownNow();
    }

    public StatementRun run() {
        return run;
    }

    private void daily() {
        LocalDate yesterday = LocalDate.now(run.zone()).minusDays(1);
        try {
            run.run(yesterday);
        } catch (Exception e) {
            LOG.warn("statements of {} failed: {}", yesterday, e.toString());
        }
        ZonedDateTime now = ZonedDateTime.now(run.zone());
        ZonedDateTime next = now.toLocalDate().atTime(runAt).atZone(run.zone());
        if (!next.isAfter(now)) next = next.plusDays(1);
        timer.schedule(this::daily, java.time.Duration.between(now, next).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static MobileSender mobileSender(String className, DataSource dataSource) throws ReflectiveOperationException {
        Class<? extends MobileSender> type = Class.forName(className).asSubclass(MobileSender.class);
        try {
            Constructor<? extends MobileSender> withDb = type.getConstructor(DataSource.class);
            return withDb.newInstance(dataSource);
        } catch (NoSuchMethodException e) {
            return type.getConstructor().newInstance();
        }
    }
}
