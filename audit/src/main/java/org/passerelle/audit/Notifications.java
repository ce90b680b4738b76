package org.passerelle.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Which stored audit events notify the patient, decided inside the audit transaction so that
 * the notification exists if and only if the audit row does.
 */
final class Notifications {

    static final String RECORD_FED = "RECORD_FED";
    static final String EMERGENCY_ACCESS = "EMERGENCY_ACCESS";
    static final String NEW_PROFESSIONAL = "NEW_PROFESSIONAL";

    /** (patient, professional) pairs this node already stored as seen: spares a lookup per consultation. */
    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int SEEN_CACHE_MAX = 200_000;

    void onStored(Connection c, long auditId, AuditEvent e) throws SQLException {
        if (!e.succeeded() || e.patientId() == null) return; // refusals are audited, never notified
        if (e.feeding()) {
            enqueue(c, auditId, e, RECORD_FED, "Votre DMP a été alimenté (" + e.documentIds().size() + " document(s)) par "
                    + who(e) + " le " + e.time() + ".");
        } else if (e.consultation()) {
            boolean first = e.userId() != null && firstVisit(c, e);
            if (e.emergency()) {
                enqueue(c, auditId, e, EMERGENCY_ACCESS, "Accès en urgence (" + e.accessMode() + ") à votre DMP par " + who(e)
                        + " le " + e.time() + (e.emergencyReason() != null ? ", motif : " + e.emergencyReason() : "") + ".");
            } else if (first) {
                enqueue(c, auditId, e, NEW_PROFESSIONAL, "Première consultation de votre DMP par " + who(e) + " le " + e.time() + ".");
            }
        }
    }

    private static String who(AuditEvent e) {
        String name = e.userName() != null ? e.userName() : e.userId() != null ? e.userId() : "un système";
        return name + (e.structureId() != null ? " (structure " + e.structureId() + ")" : "");
    }

    private boolean firstVisit(Connection c, AuditEvent e) throws SQLException {
        String key = AuditEvent.patientKey(e.patientId());
        String pair = key + '|' + e.userId();
        if (seen.contains(pair)) return false;
        if (seen.size() > SEEN_CACHE_MAX) seen.clear();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM audit_seen_professional WHERE patient_key = ? AND user_id = ?")) {
            ps.setString(1, key);
            ps.setString(2, e.userId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) { pending.add(pair); return false; }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_seen_professional (patient_key, user_id, first_seen) VALUES (?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, e.userId());
            ps.setObject(3, e.time().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        pending.add(pair); // cached once the audit transaction commits (a rolled-back batch is retried from scratch)
        return true;
    }

    private final java.util.List<String> pending = new java.util.ArrayList<>();

    /** Called by the writer after its transaction committed (pairs seen in it become cached) or rolled back. */
    void afterTransaction(boolean committed) {
        if (committed) seen.addAll(pending);
        pending.clear();
    }

    static void enqueue(Connection c, Long auditId, AuditEvent e, String kind, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notification_outbox (patient_id, kind, message, "
                + "audit_event_id, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            ps.setString(1, e.patientId());
            ps.setString(2, kind);
            ps.setString(3, message.length() > 4000 ? message.substring(0, 4000) : message);
            ps.setObject(4, auditId);
            ps.setObject(5, now);
            ps.setObject(6, now);
            ps.executeUpdate();
        }
    }
}
