package org.passerelle.audit;

import java.time.Instant;
import java.util.List;

/** One line of a patient's access history (R-61): who consulted or fed the record, when, in which mode. */
public record AccessHistoryEntry(long id, Instant time, String transaction, AuditEvent.Outcome outcome, String userId,
                                 String userName, String structureId, String profession, String specialty,
                                 String accessMode, String emergencyReason, List<String> documentIds, String ruleId,
                                 String detail) {

    public boolean emergency() { return !AuditEvent.NORMAL.equals(accessMode); }

    /** One human-readable line for the CLI and logs. */
    public String line() {
        return time + "  " + transaction + "  " + outcome + "  " + (userName != null ? userName + " (" + userId + ")" : userId)
                + (structureId != null ? " @" + structureId : "") + (profession != null ? " profession " + profession : "")
                + "  mode " + accessMode + (emergencyReason != null ? " (" + emergencyReason + ")" : "")
                + (documentIds.isEmpty() ? "" : "  documents " + documentIds)
                + (ruleId != null ? "  " + ruleId : "") + (detail != null && outcome != AuditEvent.Outcome.SUCCESS ? "  " + detail : "");
    }
}
