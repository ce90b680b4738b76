package org.passerelle.vihf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.testsupport.TestDatabase;
import org.w3c.dom.Document;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

class ReplayCacheTest {

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void jdbcCacheAcceptsOnceAndIsSharedBetweenVerifiers(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            JdbcReplayCache cache = new JdbcReplayCache(db.dataSource());
            Instant exp = Instant.now().plusSeconds(300);
            assertTrue(cache.firstUse("CN=A", "_1", exp));
            assertFalse(cache.firstUse("CN=A", "_1", exp));
            assertTrue(cache.firstUse("CN=B", "_1", exp), "same ID from another issuer");
            assertTrue(cache.firstUse("CN=A", "_" + "x".repeat(300), exp), "long IDs are keyed by hash");

            // two gateway nodes (two verifiers, one database): the token is used once
            JdbcReplayCache secondNode = new JdbcReplayCache(db.dataSource());
            VihfVerifier node1 = new VihfVerifier(TestPki.dmpPolicy().replayCache(cache).build());
            VihfVerifier node2 = new VihfVerifier(TestPki.dmpPolicy().replayCache(secondNode).build());
            Document env = WsSecurity.envelope(TestPki.signed(TestPki.vihf()));
            assertNotNull(node1.verify(env.getDocumentElement(), TestPki.tls1(), "ITI-18", null));
            VihfException e = assertThrows(VihfException.class,
                    () -> node2.verify(env.getDocumentElement(), TestPki.tls1(), "ITI-18", null));
            assertEquals(VihfFailure.REPLAYED, e.failure());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void concurrentUsesOfOneTokenLetExactlyOneThrough(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            JdbcReplayCache cache = new JdbcReplayCache(db.dataSource());
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 5; round++) {
                    String id = "_race-" + round;
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Boolean>> results = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        results.add(pool.submit(() -> {
                            start.await();
                            return cache.firstUse("CN=A", id, Instant.now().plusSeconds(60));
                        }));
                    }
                    start.countDown();
                    int winners = 0;
                    for (Future<Boolean> f : results) if (f.get()) winners++;
                    assertEquals(1, winners, "round " + round);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void expiredEntriesArePurgedAndTheirIdsReusable(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
            JdbcReplayCache cache = new JdbcReplayCache(db.dataSource(), clock);
            assertTrue(cache.firstUse("CN=A", "_1", clock.instant().plusSeconds(60)));
            assertTrue(cache.firstUse("CN=A", "_2", clock.instant().plusSeconds(600)));
            clock.now = clock.now.plusSeconds(120);
            assertTrue(cache.firstUse("CN=A", "_1", clock.instant().plusSeconds(60)), "expired entry replaced");
            clock.now = clock.now.plusSeconds(120);
            assertEquals(1, cache.purgeExpired());
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM vihf_replay")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            // migrations are idempotent (a second node starting)
            JdbcReplayCache.migrate(db.dataSource());
        }
    }

    @Test
    void inMemoryCache() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
        InMemoryReplayCache cache = new InMemoryReplayCache(clock);
        assertTrue(cache.firstUse("i", "a", clock.instant().plus(Duration.ofMinutes(1))));
        assertFalse(cache.firstUse("i", "a", clock.instant().plus(Duration.ofMinutes(1))));
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertTrue(cache.firstUse("i", "a", clock.instant().plus(Duration.ofMinutes(1))));
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) { this.now = now; }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
