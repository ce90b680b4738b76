package org.passerelle.access;

/**
 * The catalogue of access refusals: each constant names the rule of docs/dmp-access-rules.md it enforces, the ebRS
 * error code the gateway answers with, and a message template ({@link String#format} arguments).
 */
public enum AccessFailure {
    RECORD_CLOSED("R-02", "XDSUnknownPatientId", "the record of patient %s is %s: no feeding and no consultation"),
    PATIENT_NOT_ACTIVATED("R-03", "XDSRegistryError",
            "patient %s has not activated Mon espace santé: the patient can neither feed nor consult his record yet"),
    FEEDING_OPPOSED("R-04", "XDSRegistryError", "patient %s opposed the feeding of his record%s (legitimate reason recorded)"),
    CONSULTATION_OPPOSED("R-05", "XDSRegistryError", "patient %s opposed the consultation of his record by professionals"),
    PROFESSIONAL_BLOCKED("R-06", "XDSRegistryError", "patient %s blocked professional %s"),
    WRITE_NOT_HABILITATED("R-10", "XDSRegistryError",
            "the habilitation matrix restricts feeding of typeCode %s to other professions (caller profession %s, specialty %s)"),
    READ_NOT_HABILITATED("R-11", "XDSRegistryError",
            "the habilitation matrix does not allow profession %s (specialty %s) to read typeCode %s"),
    NO_CONSENT("R-20", "XDSRegistryError",
            "no valid consent of patient %s for establishment %s or professional %s: record it first or use an emergency mode"),
    EMERGENCY_FORBIDDEN("R-30", "XDSRegistryError", "patient %s forbade emergency access (%s)"),
    NOT_A_REGULATION_CENTRE("R-31", "XDSRegistryError",
            "purposeofuse centre_15 is reserved to regulation centres; establishment %s is not configured as one"),
    EMERGENCY_ON_WRITE("R-34", "XDSRegistryError",
            "purposeofuse %s is allowed for consultation only (ITI-18, ITI-43), not for %s"),
    MASKED_TO_PROFESSIONALS("R-40", "XDSRegistryError",
            "document %s is masked to professionals (MASQUE_PS): only its author may read it"),
    MASK_NOT_AUTHOR("R-40", "XDSRegistryError",
            "only the author of document %s (or the patient) may set or unset MASQUE_PS; caller %s is not its author"),
    INVISIBLE_TO_PATIENT("R-41", "XDSRegistryError", "document %s is not visible to the patient (INVISIBLE_PATIENT)"),
    VISIBILITY_NOT_AUTHOR("R-41", "XDSRegistryError",
            "only the author of document %s may set or unset %s; caller %s is not its author"),
    INVISIBLE_TO_LEGAL_REPRESENTATIVES("R-42", "XDSRegistryError",
            "document %s is not visible to the patient's legal representatives (INVISIBLE_REPRESENTANTS_LEGAUX)"),
    UPDATE_NOT_AUTHOR("R-44", "XDSRegistryError",
            "only the author of document %s (person %s or establishment %s) may update its metadata; caller %s (establishment %s) is not"),
    DOCUMENT_DELETED("R-50", "XDSDocumentUniqueIdError", "document %s was deleted by its author: it is no longer retrievable"),
    DELETE_NOT_AUTHOR("R-50", "XDSRegistryError",
            "only the author of document %s may delete it; caller %s is not its author"),
    ARCHIVE_NOT_ALLOWED("R-51", "XDSRegistryError",
            "only the author of document %s or the patient may archive or unarchive it; caller %s is neither"),
    UNKNOWN_STATUS("R-51", "XDSMetadataUpdateOperationError",
            "availability status %s is not one the DMP allows (Approved, Archived, Deleted)"),
    REPLACE_NOT_AUTHOR("R-52", "XDSRegistryError",
            "only the author of document %s (or his establishment) may replace it; caller %s is not"),
    NOT_AN_INS("R-70", "XDSUnknownPatientId", "patient id %s is not a qualified INS: %s"),
    INS_MISMATCH("R-71", "XDSPatientIdDoesNotMatch", "%s"),
    RESOURCE_ID_MISMATCH("R-72", "XDSRegistryError",
            "the VIHF resource-id %s is not the patient of the request %s"),
    NO_AIR_CONTRACT("R-83", "XDSRegistryError",
            "establishment %s has no valid AIR engagement contract with the CNAM at %s: AIR consultation is refused"),
    AIR_CONSULTATION_ONLY("R-84", "XDSRegistryError",
            "AIR mode (Authentification_Mode %s) allows consultation only, not %s");

    private final String ruleId;
    private final String errorCode;
    private final String template;

    AccessFailure(String ruleId, String errorCode, String template) {
        this.ruleId = ruleId;
        this.errorCode = errorCode;
        this.template = template;
    }

    public String ruleId() { return ruleId; }

    /** The ebRS RegistryError errorCode the gateway answers with. */
    public String errorCode() { return errorCode; }

    public String message(Object... args) { return String.format(template, args); }

    /** A refusal decision carrying this failure. */
    public AccessDecision deny(Object... args) { return AccessDecision.deny(this, message(args)); }
}
