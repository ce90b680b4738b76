package org.passerelle.registry;

import java.time.Instant;

/**
 * One patient as the registry knows it; {@code patientId} is the CX form {@code id^^^&oid&ISO}.
 *
 * @param reason      why the record is in its state (e.g. the closure reason), or null
 * @param activated   R-03: the patient activated his Mon espace santé profile (patient-side access only)
 * @param activatedAt when he activated it, or null
 * @param stateSince  R-07: when the record entered its current state (the closure/opposition date when not ACTIVE)
 */
public record PatientRecord(String patientId, PatientRegistry.State state, String name, String reason,
                            Instant createdAt, Instant updatedAt, boolean activated, Instant activatedAt,
                            Instant stateSince) {

    /** A record that never recorded an activation, in its state since creation. */
    public PatientRecord(String patientId, PatientRegistry.State state, String name, String reason,
                         Instant createdAt, Instant updatedAt) {
        this(patientId, state, name, reason, createdAt, updatedAt, false, null, createdAt);
    }
}
