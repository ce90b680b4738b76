package org.passerelle.access;

import java.util.Set;

/**
 * What the rules need to know about one DocumentEntry.
 *
 * @param uniqueId               XDSDocumentEntry.uniqueId
 * @param patientId              the patient (CX)
 * @param typeCode               typeCode code value (e.g. LOINC 11488-4)
 * @param confidentialityCodes   confidentialityCode code values (N, MASQUE_PS, INVISIBLE_PATIENT…)
 * @param authorPersonIds        XCN.1 of every authorPerson
 * @param authorInstitutionIds   XON.10 of every authorInstitution
 * @param availabilityStatus     full status URN, or null for Approved
 */
public record DocumentFacts(String uniqueId, String patientId, String typeCode, Set<String> confidentialityCodes,
                            Set<String> authorPersonIds, Set<String> authorInstitutionIds, String availabilityStatus) {

    public static final String MASQUE_PS = "MASQUE_PS";
    public static final String INVISIBLE_PATIENT = "INVISIBLE_PATIENT";
    public static final String INVISIBLE_REPRESENTANTS_LEGAUX = "INVISIBLE_REPRESENTANTS_LEGAUX";
    /** TRE_A07-StatutVisibiliteDocument. */
    public static final String VISIBILITY_CODE_SYSTEM = "1.2.250.1.213.1.1.4.13";

    public static final String APPROVED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved";
    public static final String DEPRECATED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated";
    public static final String ARCHIVED = "urn:asip:ci-sis:2010:StatusType:Archived";
    public static final String DELETED = "urn:asip:ci-sis:2010:StatusType:Deleted";

    public DocumentFacts {
        confidentialityCodes = confidentialityCodes == null ? Set.of() : Set.copyOf(confidentialityCodes);
        authorPersonIds = authorPersonIds == null ? Set.of() : Set.copyOf(authorPersonIds);
        authorInstitutionIds = authorInstitutionIds == null ? Set.of() : Set.copyOf(authorInstitutionIds);
        availabilityStatus = availabilityStatus == null ? APPROVED : availabilityStatus;
    }

    public boolean has(String confidentialityCode) { return confidentialityCodes.contains(confidentialityCode); }

    public boolean deleted() { return DELETED.equals(availabilityStatus); }

    public DocumentFacts withConfidentiality(Set<String> codes) {
        return new DocumentFacts(uniqueId, patientId, typeCode, codes, authorPersonIds, authorInstitutionIds,
                availabilityStatus);
    }

    public DocumentFacts withStatus(String status) {
        return new DocumentFacts(uniqueId, patientId, typeCode, confidentialityCodes, authorPersonIds,
                authorInstitutionIds, status);
    }
}
