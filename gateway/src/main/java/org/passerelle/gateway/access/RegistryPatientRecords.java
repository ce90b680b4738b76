package org.passerelle.gateway.access;

import org.passerelle.access.PatientRecord;
import org.passerelle.access.PatientRecords;
import org.passerelle.access.RecordState;
import org.passerelle.registry.PatientRegistry;

import java.util.Optional;

/**
 * The record state kept by module registry, read for the rules: state, its date and reason and whether
 * the patient activated Mon espace santé (R-03, {@code gateway patient activate}).
 */
public final class RegistryPatientRecords implements PatientRecords {

    private final PatientRegistry registry;

    public RegistryPatientRecords(PatientRegistry registry) { this.registry = registry; }

    @Override
    public Optional<PatientRecord> find(String patientId) {
        return registry.find(patientId).map(p -> new PatientRecord(patientId, RecordState.valueOf(p.state().name()),
                p.activated(), p.reason(), p.stateSince(), true));
    }
}
