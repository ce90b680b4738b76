package org.passerelle.access;

import java.util.List;
import java.util.Set;

/**
 * Everything a patient decided about his record, read once per request.
 *
 * @param consultationOpposed     R-05
 * @param feedingOpposedTypes     R-04: typeCodes whose feeding the patient opposed; {@link #ALL_TYPES} for all
 * @param blockedProfessionals    R-06: NameIDs the patient blocked
 * @param emergencyAllowed        R-21: emergency accesses allowed (default true)
 * @param consents                R-20
 */
public record PatientDecisionSet(String patientId, boolean consultationOpposed, Set<String> feedingOpposedTypes,
                                 Set<String> blockedProfessionals, boolean emergencyAllowed, List<Consent> consents) {

    /** In {@link #feedingOpposedTypes}: opposition to feeding any document type. */
    public static final String ALL_TYPES = "*";

    public PatientDecisionSet {
        feedingOpposedTypes = feedingOpposedTypes == null ? Set.of() : Set.copyOf(feedingOpposedTypes);
        blockedProfessionals = blockedProfessionals == null ? Set.of() : Set.copyOf(blockedProfessionals);
        consents = consents == null ? List.of() : List.copyOf(consents);
    }

    /** A patient who decided nothing: no opposition, no block, emergency allowed, no consent recorded. */
    public static PatientDecisionSet none(String patientId) {
        return new PatientDecisionSet(patientId, false, Set.of(), Set.of(), true, List.of());
    }

    public boolean feedingOpposed(String typeCode) {
        return feedingOpposedTypes.contains(ALL_TYPES) || feedingOpposedTypes.contains(typeCode);
    }
}
