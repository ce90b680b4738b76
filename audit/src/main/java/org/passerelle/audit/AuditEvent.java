package org.passerelle.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One audited action (R-60): who, from which establishment, which patient, which documents, when, the transaction,
 * mode and purpose, outcome and refusal reason.
 *
 * @param time            when (UTC; stored to the millisecond)
 * @param transaction     the IHE transaction id, e.g. "ITI-18"
 * @param outcome         the outcome
 * @param userId          Subject/NameID, or null (anonymous)
 * @param userName        subject-id display name, or null
 * @param structureId     Identifiant_Structure, or null
 * @param profession      profession code (VIHF role 1), or null
 * @param specialty       specialty code (role 2), or null
 * @param authMode        Authentification_Mode, or null
 * @param accessMode      purposeofuse code (normal, bris_de_glace, centre_15); null is normal
 * @param emergencyReason free-text justification of an emergency access, or null
 * @param patientId       the patient (CX), or null when unknown
 * @param documentIds     uniqueIds concerned
 * @param ruleId          the R-xx rule that refused (or opened an emergency access), or null
 * @param detail          error code and context, or null
 */
public record AuditEvent(Instant time, String transaction, Outcome outcome, String userId, String userName,
                         String structureId, String profession, String specialty, String authMode, String accessMode,
                         String emergencyReason, String patientId, List<String> documentIds, String ruleId,
                         String detail) {

    public enum Outcome { SUCCESS, PARTIAL_SUCCESS, FAILURE, REFUSED }

    public static final String NORMAL = "normal";

    public AuditEvent {
        if (transaction == null || transaction.isBlank()) throw new IllegalArgumentException("transaction is required");
        if (outcome == null) throw new IllegalArgumentException("outcome is required");
        time = (time == null ? Instant.now() : time).truncatedTo(ChronoUnit.MILLIS);
        accessMode = accessMode == null || accessMode.isBlank() ? NORMAL : accessMode.toLowerCase(java.util.Locale.ROOT);
        documentIds = documentIds == null ? List.of() : List.copyOf(documentIds);
        detail = detail != null && detail.length() > 4000 ? detail.substring(0, 3997) + "..." : detail;
        emergencyReason = emergencyReason != null && emergencyReason.length() > 1000 ? emergencyReason.substring(0, 1000) : emergencyReason;
    }

    public boolean emergency() { return !NORMAL.equals(accessMode); }

    /** Consultation transactions (ITI-18, ITI-43). */
    public boolean consultation() { return transaction.equals("ITI-18") || transaction.equals("ITI-43"); }

    /** Feeding transactions (ITI-41, ITI-42). */
    public boolean feeding() { return transaction.equals("ITI-41") || transaction.equals("ITI-42"); }

    public boolean succeeded() { return outcome == Outcome.SUCCESS || outcome == Outcome.PARTIAL_SUCCESS; }

    /** The patient key used for history lookups: matricule@assigning-authority OID (CX spelling variations ignored). */
    public static String patientKey(String cx) {
        if (cx == null) return null;
        String[] comp = cx.split("\\^", -1);
        if (comp.length < 4) return cx;
        String[] hd = comp[3].split("&", -1);
        String oid = hd.length > 1 && !hd[1].isEmpty() ? hd[1] : hd[0];
        return comp[0] + "@" + oid;
    }
}
