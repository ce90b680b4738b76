package org.passerelle.access;

/** Reads a patient's decisions (R-04… ). Implementations are thread-safe. */
@FunctionalInterface
public interface PatientDecisions {

    /** Never null: a patient who decided nothing gets {@link PatientDecisionSet#none(String)}. */
    PatientDecisionSet forPatient(String patientId);
}
