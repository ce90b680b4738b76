package org.passerelle.registry;

import java.util.List;
import java.util.Optional;

/** Presents patient ids to the table in the canonical CX form used by the submissions ({@code id^^^&oid&ISO}). */
final class PatientIdNormalizer implements PatientRegistry {
    private final PatientRegistry delegate;

    PatientIdNormalizer(PatientRegistry delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<PatientRecord> find(String patientIdCx) {
        return delegate.find(Statuses.patientKey(patientIdCx));
    }

    @Override
    public PatientRecord register(String patientIdCx, String name) {
        return delegate.register(Statuses.patientKey(patientIdCx), name);
    }

    @Override
    public void setState(String patientIdCx, State state, String reason) {
        delegate.setState(Statuses.patientKey(patientIdCx), state, reason);
    }

    @Override
    public void setActivated(String patientIdCx, boolean activated) {
        delegate.setActivated(Statuses.patientKey(patientIdCx), activated);
    }

    @Override
    public List<PatientRecord> list(int limit) {
        return delegate.list(limit);
    }
}
