package org.passerelle.audit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.audit.codes.EventActionCode;
import org.openehealth.ipf.commons.audit.codes.EventOutcomeIndicator;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.unmarshal.dicom.DICOMAuditParser;
import org.passerelle.testsupport.TestDatabase;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class AuditTrailTest {

    static final String PID = "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH";
    static final String OTHER = "277076322082910^^^&1.2.250.1.213.1.4.8&ISO^NH";
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    static AuditEvent event(int minute, String tx, AuditEvent.Outcome outcome, String user, String mode, String pid,
                            String rule, String... docs) {
        return new AuditEvent(T0.plusSeconds(60L * minute), tx, outcome, user, "Dr " + user, "1750712184", "10", "SM26",
                "INDIRECTE", mode, mode == null ? null : "patient inconscient", pid, List.of(docs), rule,
                outcome == AuditEvent.Outcome.REFUSED ? "XDSRegistryError: " + rule + ": refused" : null);
    }

    static void exec(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) { st.executeUpdate(sql); }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void R60_everyEventIsChainedAndTamperingIsDetected(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DataSource ds = db.dataSource();
            try (AuditTrail trail = AuditTrail.open(ds, AuditTrail.Config.forNode("node-a"))) {
                // many request threads at once: none waits for the database
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<CompletableFuture<Long>> stored = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    int n = i;
                    stored.add(CompletableFuture.supplyAsync(() -> trail.record(event(n, n % 2 == 0 ? "ITI-18" : "ITI-43",
                            AuditEvent.Outcome.SUCCESS, "8100" + (n % 7), null, n % 3 == 0 ? OTHER : PID, null, "1.2.3." + n)), pool)
                            .thenCompose(f -> f));
                }
                CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                pool.shutdown();
                ChainVerification ok = trail.verifyChain();
                assertTrue(ok.intact(), ok::toString);
                assertEquals(400, ok.rowsChecked());
                assertEquals(1, ok.chains());
            }
            AuditReader reader = new AuditReader(ds);
            // modify one row's content
            exec(ds, "UPDATE audit_event SET detail = 'nothing happened' WHERE chain_id = 'node-a' AND seq = 120");
            ChainVerification modified = reader.verifyChain();
            assertFalse(modified.intact());
            assertEquals(120, modified.firstBroken().orElseThrow().seq());
            assertEquals(AuditFailure.CHAIN_BROKEN, modified.firstBroken().get().failure());
            assertTrue(modified.firstBroken().get().message().contains("modified"), modified.toString());
            assertEquals(119, modified.rowsChecked());
            exec(ds, "UPDATE audit_event SET detail = NULL WHERE chain_id = 'node-a' AND seq = 120");
            assertTrue(reader.verifyChain().intact(), "restoring the content restores the chain");

            // re-hashing a modified row is not enough: the next link points to the old hash
            exec(ds, "UPDATE audit_event SET hash = '" + "a".repeat(64) + "' WHERE chain_id = 'node-a' AND seq = 200");
            ChainVerification rehashed = reader.verifyChain();
            assertEquals(200, rehashed.firstBroken().orElseThrow().seq());

            // removing a row in the middle
            try (TestDatabase db2 = TestDatabase.create(kind)) {
                DataSource ds2 = db2.dataSource();
                try (AuditTrail t = AuditTrail.open(ds2, AuditTrail.Config.forNode("node-b"))) {
                    for (int i = 0; i < 10; i++) t.record(event(i, "ITI-41", AuditEvent.Outcome.SUCCESS, "81001", null, PID, null, "9." + i));
                    t.flush();
                }
                exec(ds2, "DELETE FROM audit_event WHERE seq = 4");
                ChainVerification gap = new AuditReader(ds2).verifyChain();
                assertEquals(5, gap.firstBroken().orElseThrow().seq());
                assertTrue(gap.firstBroken().get().message().contains("sequence jumps from 3 to 5"), gap.toString());
                // removing the tail: the head records more than the rows hold
                exec(ds2, "DELETE FROM audit_event WHERE seq >= 4");
                ChainVerification truncated = new AuditReader(ds2).verifyChain();
                assertEquals(AuditFailure.CHAIN_TRUNCATED, truncated.firstBroken().orElseThrow().failure(), truncated.toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void R60_atnaMessageIsStoredAsIpfDicomXml(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("node-a"))) {
            long refused = trail.record(event(1, "ITI-43", AuditEvent.Outcome.REFUSED, "81009", null, PID, "R-11", "1.2.250.99.1")).get(30, TimeUnit.SECONDS);
            long emergency = trail.record(event(2, "ITI-18", AuditEvent.Outcome.SUCCESS, "81009", "bris_de_glace", PID, "R-30", "1.2.250.99.1", "1.2.250.99.2")).get(30, TimeUnit.SECONDS);
            String xml = trail.reader().atnaXml(refused).orElseThrow();
            AuditMessage m = new DICOMAuditParser().parse(xml, true);
            assertEquals(EventOutcomeIndicator.MajorFailure, m.getEventIdentification().getEventOutcomeIndicator());
            assertEquals(EventActionCode.Read, m.getEventIdentification().getEventActionCode());
            assertEquals("ITI-43", m.getEventIdentification().getEventTypeCode().get(0).getCode());
            assertTrue(m.getEventIdentification().getEventOutcomeDescription().startsWith("R-11"));
            assertTrue(m.getActiveParticipants().stream().anyMatch(p -> "81009".equals(p.getUserID()) && p.isUserIsRequestor()));
            assertTrue(m.getParticipantObjectIdentifications().stream().anyMatch(o -> PID.equals(o.getParticipantObjectID())));
            assertTrue(m.getParticipantObjectIdentifications().stream().anyMatch(o -> "1.2.250.99.1".equals(o.getParticipantObjectID())));
            AuditMessage e = new DICOMAuditParser().parse(trail.reader().atnaXml(emergency).orElseThrow(), true);
            assertEquals("bris_de_glace", e.getEventIdentification().getPurposesOfUse().get(0).getCode());
            assertEquals(AtnaMessages.MODE_ACCES_OID, e.getEventIdentification().getPurposesOfUse().get(0).getCodeSystemName());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void R61_patientAccessHistory(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
             AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("node-a"))) {
            trail.record(event(5, "ITI-18", AuditEvent.Outcome.SUCCESS, "81001", null, PID, null));
            trail.record(event(1, "ITI-41", AuditEvent.Outcome.SUCCESS, "81002", null, PID, null, "1.1"));
            trail.record(event(3, "ITI-43", AuditEvent.Outcome.REFUSED, "81003", null, PID, "R-11", "1.1"));
            trail.record(event(4, "ITI-43", AuditEvent.Outcome.SUCCESS, "81004", "centre_15", PID, "R-31", "1.1"));
            trail.record(event(2, "ITI-18", AuditEvent.Outcome.SUCCESS, "81001", null, OTHER, null));
            trail.flush();
            // the patient id may be written without CX.5: same patient
            List<AccessHistoryEntry> h = trail.history("279035121518989^^^&1.2.250.1.213.1.4.10&ISO", null, null);
            assertEquals(List.of("ITI-41", "ITI-43", "ITI-43", "ITI-18"), h.stream().map(AccessHistoryEntry::transaction).toList());
            assertEquals("81002", h.get(0).userId());
            assertEquals(List.of("1.1"), h.get(0).documentIds());
            assertEquals("R-11", h.get(1).ruleId());
            assertTrue(h.get(2).emergency());
            assertTrue(h.get(2).line().contains("centre_15"), h.get(2).line());
            List<AccessHistoryEntry> window = trail.history(PID, T0.plusSeconds(120), T0.plusSeconds(240));
            assertEquals(1, window.size());
            assertEquals(AuditEvent.Outcome.REFUSED, window.get(0).outcome());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void R62_R63_R64_notificationsAreWrittenWithTheAuditRow(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
             AuditTrail trail = AuditTrail.open(db.dataSource(), AuditTrail.Config.forNode("node-a"))) {
            trail.record(event(1, "ITI-41", AuditEvent.Outcome.SUCCESS, "81001", null, PID, null, "1.1"));       // fed
            trail.record(event(2, "ITI-18", AuditEvent.Outcome.SUCCESS, "81002", null, PID, null));              // new pro
            trail.record(event(3, "ITI-43", AuditEvent.Outcome.SUCCESS, "81002", null, PID, null, "1.1"));       // seen
            trail.record(event(4, "ITI-43", AuditEvent.Outcome.REFUSED, "81003", null, PID, "R-11", "1.1"));
            trail.record(event(5, "ITI-18", AuditEvent.Outcome.SUCCESS, "81002", "bris_de_glace", PID, "R-30")); // emergency
            trail.record(event(6, "ITI-18", AuditEvent.Outcome.REFUSED, "81004", "bris_de_glace", PID, "R-30")); // refused
            trail.flush();
            NotificationOutbox outbox = NotificationOutbox.open(db.dataSource(), new LogNotificationSender(), NotificationOutbox.Settings.defaults());
            List<Notification> n = outbox.forPatient(PID);
            assertEquals(List.of(Notifications.RECORD_FED, Notifications.NEW_PROFESSIONAL, Notifications.EMERGENCY_ACCESS),
                    n.stream().map(Notification::kind).toList());
            assertTrue(n.get(2).message().contains("bris_de_glace") && n.get(2).message().contains("patient inconscient"), n.get(2).message());
            assertEquals(3, outbox.deliverDue());
            assertTrue(outbox.pending().isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void chainPerNodeSurvivesRestartsAndSeveralWriters(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DataSource ds = db.dataSource();
            try (AuditTrail a = AuditTrail.open(ds, AuditTrail.Config.forNode("node-a"))) {
                for (int i = 0; i < 20; i++) a.record(event(i, "ITI-18", AuditEvent.Outcome.SUCCESS, "81001", null, PID, null));
            } // close writes what is queued
            // a restart continues the same chain; a second node writes its own; a misconfigured twin shares node-a
            try (AuditTrail a = AuditTrail.open(ds, AuditTrail.Config.forNode("node-a"));
                 AuditTrail twin = AuditTrail.open(ds, new AuditTrail.Config("node-a", null, 1000, 3));
                 AuditTrail b = AuditTrail.open(ds, AuditTrail.Config.forNode("node-b"))) {
                List<CompletableFuture<Long>> all = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    all.add(a.record(event(i, "ITI-43", AuditEvent.Outcome.SUCCESS, "81001", null, PID, null)));
                    all.add(twin.record(event(i, "ITI-43", AuditEvent.Outcome.SUCCESS, "81002", null, PID, null)));
                    all.add(b.record(event(i, "ITI-41", AuditEvent.Outcome.SUCCESS, "81003", null, OTHER, null)));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            ChainVerification v = new AuditReader(ds).verifyChain();
            assertTrue(v.intact(), v::toString);
            assertEquals(200, v.rowsChecked());
            assertEquals(2, v.chains());
        }
    }
}
