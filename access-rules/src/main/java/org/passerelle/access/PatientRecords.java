package org.passerelle.access;

import java.util.Optional;

/**
 * Reads the DMP state of a patient's record. The state lives in module registry (PatientRegistry); the gateway
 * adapts it to this interface.
 */
@FunctionalInterface
public interface PatientRecords {

    /** The record, or empty when the patient was never seen (R-01: then ACTIVE on first use). */
    Optional<PatientRecord> find(String patientId);

    /** Every patient ACTIVE and not activated: the R-01 default when no registry is wired. */
    PatientRecords FIRST_USE = pid -> Optional.empty();

    default PatientRecord get(String patientId) {
        return find(patientId).orElseGet(() -> PatientRecord.firstUse(patientId));
    }
}
