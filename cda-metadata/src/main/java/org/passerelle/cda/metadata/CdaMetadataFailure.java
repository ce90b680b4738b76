package org.passerelle.cda.metadata;

/**
 * Every way reading a CDA header or deriving its XDS metadata can fail, with the ebRS error code a repository
 * returns for it and the exit code of a command-line tool.
 */
public enum CdaMetadataFailure {
    UNREADABLE("XDSRepositoryError", 2, "cannot read the CDA document: %s"),
    TOO_LARGE("XDSRepositoryMetadataError", 2, "%s is %d bytes, more than the %d bytes accepted for a CDA document"),
    MALFORMED_XML("XDSRepositoryMetadataError", 2, "the CDA document is not well-formed XML: %s"),
    DTD_FORBIDDEN("XDSRepositoryMetadataError", 2, "the CDA document declares a DTD or entities, which is refused: %s"),
    NOT_A_CDA("XDSRepositoryMetadataError", 2, "no urn:hl7-org:v3 ClinicalDocument element found (root element is %s)"),
    MISSING_HEADER_ELEMENT("XDSRepositoryMetadataError", 2, "the CDA header has no %s"),
    NO_INS("XDSRepositoryMetadataError", 2,
            "recordTarget/patientRole/id carries no INS (root 1.2.250.1.213.1.4.8, .9, .10 or .11); ids found: %s"),
    UNKNOWN_FORMAT("XDSRepositoryMetadataError", 2,
            "no formatCode for this document: %s (see ASS_A11 table formatcodes.tsv)"),

    PATIENTS_DIFFER("XDSPatientIdDoesNotMatch", 2,
            "one submission set carries one patient: %s has patient %s, the first document %s"),

    // CDA header vs submitted metadata (HeaderMetadataCheck); arguments: CDA value, metadata value
    PATIENT_ID_MISMATCH("XDSPatientIdDoesNotMatch", 1,
            "DocumentEntry.patientId %2$s is not the CDA recordTarget INS %1$s"),
    TYPE_CODE_MISMATCH("XDSRepositoryMetadataError", 1,
            "DocumentEntry.typeCode %2$s differs from the CDA ClinicalDocument/code %1$s"),
    CREATION_TIME_MISMATCH("XDSRepositoryMetadataError", 1,
            "DocumentEntry.creationTime %2$s differs from the CDA effectiveTime converted to UTC %1$s"),
    CONFIDENTIALITY_MISMATCH("XDSRepositoryMetadataError", 1,
            "DocumentEntry.confidentialityCode %2$s does not carry the CDA confidentialityCode %1$s"),
    AUTHOR_MISMATCH("XDSRepositoryMetadataError", 1,
            "no DocumentEntry.author has the CDA author id %1$s (metadata authorPerson ids: %2$s)");

    private final String ebRsErrorCode;
    private final int exitCode;
    private final String template;

    CdaMetadataFailure(String ebRsErrorCode, int exitCode, String template) {
        this.ebRsErrorCode = ebRsErrorCode;
        this.exitCode = exitCode;
        this.template = template;
    }

    public String ebRsErrorCode() { return ebRsErrorCode; }

    public int exitCode() { return exitCode; }

    public String format(Object... args) {
        return String.format(template, args);
    }

    public CdaMetadataException exception(Object... args) {
        return new CdaMetadataException(this, format(args), null);
    }

    public CdaMetadataException exception(Throwable cause, Object... args) {
        return new CdaMetadataException(this, format(args), cause);
    }
}
