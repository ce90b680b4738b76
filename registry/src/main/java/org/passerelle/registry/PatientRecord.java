package org.passerelle.registry;

import java.time.Instant;

/** One patient as the registry knows it; {@code patientId} is the CX form {@code id^^^&oid&ISO}. */
public record PatientRecord(String patientId, PatientRegistry.State state, String name, String reason,
                            Instant createdAt, Instant updatedAt) {
}
