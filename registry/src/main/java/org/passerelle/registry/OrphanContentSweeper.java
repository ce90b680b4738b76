package org.passerelle.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.WeakReference;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deletes staged content that no submission published (crash between staging and commit, failed clean-up): once at
 * start-up, then every quarter of the age (at most every 15 minutes), on one daemon thread shared by all stores. A
 * store that is never closed stops being swept once it is garbage.
 */
final class OrphanContentSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanContentSweeper.class);
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "passerelle-orphan-content-sweeper");
        t.setDaemon(true);
        return t;
    });

    private final ContentStore content;
    private final Duration age;
    private volatile ScheduledFuture<?> task;

    OrphanContentSweeper(ContentStore content, Duration age) {
        this.content = content;
        this.age = age;
    }

    /** Sweeps now, in the caller's thread, then schedules the periodic sweep. No-op when the age is zero. */
    void start() {
        if (age.isZero()) return;
        sweepOnce(content, age);
        long period = Math.max(1_000, Math.min(age.toMillis() / 4, Duration.ofMinutes(15).toMillis()));
        WeakReference<ContentStore> ref = new WeakReference<>(content);
        Duration a = age;
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = SCHEDULER.scheduleWithFixedDelay(() -> {
            ContentStore c = ref.get();
            if (c == null) {
                self[0].cancel(false);
                return;
            }
            sweepOnce(c, a);
        }, period, period, TimeUnit.MILLISECONDS);
        task = self[0];
    }

    void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) t.cancel(false);
    }

    private static void sweepOnce(ContentStore content, Duration age) {
        try {
            int n = content.sweep(age.toMillis());
            if (n > 0) LOG.info("deleted {} staged document contents never published (untouched for more than {})", n, age);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("sweeping orphan staged content failed ({}); next attempt in the next period", e.getMessage());
        }
    }
}
