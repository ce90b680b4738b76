package org.passerelle.access;

/**
 * A patient's record as the registry knows it (R-01…R-03).
 *
 * @param activated whether the patient activated his Mon espace santé profile
 */
public record PatientRecord(String patientId, RecordState state, boolean activated) {

    /** a valid INS never seen before has an ACTIVE record (not activated by the patient). */
    public static PatientRecord firstUse(String patientId) {
        return new PatientRecord(patientId, RecordState.ACTIVE, false);
    }
}
