package org.passerelle.audit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.testsupport.TestDatabase;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class NotificationOutboxTest {

    static final NotificationOutbox.Settings FAST = new NotificationOutbox.Settings(Duration.ofMillis(50), 3,
            Duration.ZERO, Duration.ofMinutes(1));

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void R63_retriesThenGivesUpAndSurvivesARestart(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            String pid = AuditTrailTest.PID;
            // written before a "crash": nothing delivered yet
            NotificationOutbox before = NotificationOutbox.open(db.dataSource(), n -> { throw new IllegalStateException("smtp down"); }, FAST);
            long a = before.enqueue(pid, "NEW_PROFESSIONAL", "Première consultation par Dr A");
            long b = before.enqueue(pid, "EMERGENCY_ACCESS", "Accès en urgence par Dr B");
            assertEquals(0, before.deliverDue());
            assertEquals(0, before.deliverDue());
            assertEquals(2, before.pending().size(), "failed deliveries stay pending until max attempts");
            before.close();

            // after the restart, a working sender delivers both, in order, exactly once
            List<Notification> delivered = new CopyOnWriteArrayList<>();
            try (NotificationOutbox after = NotificationOutbox.open(db.dataSource(), delivered::add, FAST).start()) {
                long deadline = System.currentTimeMillis() + 10_000;
                // delivered = sent, then marked in the database: wait for both
                while ((delivered.size() < 2 || !after.pending().isEmpty()) && System.currentTimeMillis() < deadline) Thread.sleep(20);
                assertEquals(List.of(a, b), delivered.stream().map(Notification::id).toList());
                assertEquals(2, delivered.get(0).attempts(), "the two failed attempts were counted");
                assertTrue(after.pending().isEmpty());
                assertEquals(0, after.deliverDue());
            }

            // a sender that always fails: given up after maxAttempts, kept (never deleted)
            AtomicInteger calls = new AtomicInteger();
            NotificationOutbox failing = NotificationOutbox.open(db.dataSource(), n -> {
                calls.incrementAndGet();
                throw new IllegalStateException("no address");
            }, FAST);
            long c = failing.enqueue(pid, "RECORD_FED", "Votre DMP a été alimenté");
            for (int i = 0; i < 5; i++) failing.deliverDue();
            assertEquals(3, calls.get());
            assertTrue(failing.pending().isEmpty());
            assertTrue(failing.forPatient(pid).stream().anyMatch(n -> n.id() == c && n.attempts() == 3));
        }
    }
}
