package org.passerelle.audit.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.audit.AuditEvent;
import org.passerelle.audit.AuditTrail;
import org.passerelle.audit.ChainVerification;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * How the audit trail behaves under concurrent requests: the time a request thread spends in
 * {@link AuditTrail#record} (it only queues), and how fast the single writer stores and chains the events.
 * Bounded: {@code AuditBench JDBC_URL USER THREADS EVENTS_PER_THREAD}.
 */
public final class AuditBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: AuditBench JDBC_URL USER THREADS EVENTS_PER_THREAD");
            System.exit(64);
        }
        int threads = Integer.parseInt(args[2]), perThread = Integer.parseInt(args[3]);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(args[0]);
        hc.setUsername(args[1]);
        hc.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(hc);
             AuditTrail trail = AuditTrail.open(ds, AuditTrail.Config.forNode("bench-" + ProcessHandle.current().pid()))) {
            long[][] latencies = new long[threads][perThread];
            CountDownLatch start = new CountDownLatch(1), done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int id = t;
                new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            AuditEvent e = new AuditEvent(Instant.now(), i % 2 == 0 ? "ITI-18" : "ITI-43", AuditEvent.Outcome.SUCCESS,
                                    "8100" + id, "Dr Bench " + id, "1750712184", "10", "SM26", "INDIRECTE", null, null,
                                    "27903512151" + String.format("%04d", i % 10000) + "^^^&1.2.250.1.213.1.4.10&ISO", List.of("1.2.3." + i), null, null);
                            long t0 = System.nanoTime();
                            trail.record(e);
                            latencies[id][i] = System.nanoTime() - t0;
                        }
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }, "bench-" + t).start();
            }
            long t0 = System.nanoTime();
            start.countDown();
            done.await();
            long queued = System.nanoTime() - t0;
            trail.flush();
            long stored = System.nanoTime() - t0;
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            int n = all.length;
            System.out.printf("%d events from %d threads: record() p50 %.1f us, p99 %.1f us, max %.2f ms (queueing only)%n",
                    n, threads, all[n / 2] / 1e3, all[(int) (n * 0.99)] / 1e3, all[n - 1] / 1e6);
            System.out.printf("all queued in %.2f s; all stored, chained and committed in %.2f s: %.0f events/s%n",
                    queued / 1e9, stored / 1e9, n / (stored / 1e9));
            long v0 = System.nanoTime();
            ChainVerification v = trail.verifyChain();
            System.out.printf("verify: %s in %.2f s%n", v, (System.nanoTime() - v0) / 1e9);
        }
    }
}
