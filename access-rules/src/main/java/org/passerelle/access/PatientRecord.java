package org.passerelle.access;

import java.time.Instant;

/**
 * A patient's record as the registry knows it (R-01… ).
 *
 * @param activated  whether the patient activated his Mon espace santé profile
 * @param reason     why the record is in its state (closure or opposition reason), or null
 * @param stateSince when the record entered its state (the closure date of a CLOSED record), or null if unknown
 * @param known      false for a valid INS never seen before (R-01: ACTIVE on first use)
 */
public record PatientRecord(String patientId, RecordState state, boolean activated, String reason, Instant stateSince,
                            boolean known) {

    public PatientRecord {
        if (state == null) throw new IllegalArgumentException("record state is required");
    }

    /** A known record with no recorded reason nor date. */
    public PatientRecord(String patientId, RecordState state, boolean activated) {
        this(patientId, state, activated, null, null, true);
    }

    /** a valid INS never seen before has an ACTIVE record (not activated by the patient). */
    public static PatientRecord firstUse(String patientId) {
        return new PatientRecord(patientId, RecordState.ACTIVE, false, null, null, false);
    }
}
