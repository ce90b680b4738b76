package org.passerelle.registry;

import java.util.List;
import java.util.Optional;

/** The DMP state of each patient known to the registry (fed by ITI-8, by an administrator, or auto-registered). */
public interface PatientRegistry {

    enum State { ACTIVE, CLOSED, OPPOSED }

    Optional<PatientRecord> find(String patientIdCx);

    /** Registers the patient as ACTIVE if unknown; an existing record keeps its state (name updated if given). */
    PatientRecord register(String patientIdCx, String name);

    /** @throws java.util.NoSuchElementException when the patient is unknown */
    void setState(String patientIdCx, State state, String reason);

    /**
     * records whether the patient activated his Mon espace santé profile (changes nothing for professionals).
     *
     * @throws java.util.NoSuchElementException when the patient is unknown
     */
    void setActivated(String patientIdCx, boolean activated);

    List<PatientRecord> list(int limit);
}
