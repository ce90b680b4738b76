package org.passerelle.cda.validation;

/**
 * Catalogue of what the engine itself reports (as opposed to schematron asserts): bad input, kit defects, usage and
 * I/O errors. Each constant carries its severity when reported as a finding, its CLI exit code and a message
 * template ({@link String#format} style).
 */
public enum CdaFailure {
    EMPTY_DOCUMENT(Severity.ERROR, 1, "the document is empty (0 bytes or only whitespace)"),
    NOT_XML(Severity.ERROR, 1, "not well-formed XML: %s"),
    DTD_FORBIDDEN(Severity.ERROR, 1,
            "the document declares a DTD (DOCTYPE); DTDs and entities are refused (XXE / entity-expansion protection)"),
    TOO_LARGE(Severity.ERROR, 1, "the document exceeds the size limit of %d bytes (set a larger limit with --max-size)"),
    WRONG_ROOT(Severity.ERROR, 1,
            "the root element is %s; a CDA document has root {urn:hl7-org:v3}ClinicalDocument (or xsl:stylesheet with an embedded ClinicalDocument)"),
    UNKNOWN_VOLET(Severity.WARNING, 1,
            "volet templateId %s has no schematron in the rule set; only the profile rules were run"),
    VOLET_VERSION_SUBSTITUTED(Severity.INFO, 0, "volet %s: no schematron for version %s, using %s (%s)"),
    UNKNOWN_LEVEL(Severity.WARNING, 1,
            "level not recognised: neither N1 (templateId 1.3.6.1.4.1.19376.1.2.20 with nonXMLBody) nor N3 (structuredBody)"),
    TEXT_TRUNCATED(Severity.INFO, 0,
            "a text node of more than %d characters (first at line %d; %d characters beyond the limit in all): the schematron layers see the first %d characters of it, the XSD layer read it all"),
    XSD_SKIPPED(Severity.INFO, 0,
            "XSD layer skipped: the CDA schema cannot be bundled; give the ANS kit (--kit DIR) or a CDA XSD folder (--xsd DIR) to run it"),
    KIT_MISSING_INCLUDE(Severity.WARNING, 0, "kit defect: include %s not found (%s); pattern %s is not run"),
    KIT_CASE_MISMATCH(Severity.INFO, 0, "kit defect: %s names %s, found on disk as %s (case mismatch, resolved)"),
    KIT_MISSING_FILE(Severity.WARNING, 0,
            "kit defect: %s is missing from the kit; rules of pattern(s) %s that read it are disabled for this document (%d finding(s) withheld)"),
    KIT_FILES_ABSENT(Severity.WARNING, 0,
            "kit defect: rule set %s looks for %d file(s) absent from the kit, and skips the checks that need them: %s"),
    KIT_VALUE_SET_SUBSTITUTED(Severity.INFO, 0, "kit defect: %s is missing; served from the value set with the same OID, %s"),
    RULESET_FAILED(Severity.ERROR, 2, "rule set %s could not be run: %s"),
    KIT_NOT_FOUND(Severity.ERROR, 2,
            "%s is not an ANS CI-SIS kit folder (expected schematrons/ and infrastructure/cda/CDA_extended.xsd inside)"),
    XSD_NOT_FOUND(Severity.ERROR, 2, "%s: no CDA XSD (expected CDA_extended.xsd or CDA.xsd)"),
    IO_ERROR(Severity.ERROR, 2, "cannot read %s: %s"),
    USAGE(Severity.ERROR, 2, "%s");

    private final Severity severity;
    private final int exitCode;
    private final String template;

    CdaFailure(Severity severity, int exitCode, String template) {
        this.severity = severity;
        this.exitCode = exitCode;
        this.template = template;
    }

    public Severity severity() { return severity; }

    /** Exit code of {@code cda-validate} when this failure is the worst outcome of a run. */
    public int exitCode() { return exitCode; }

    /** Stable identifier used as a finding's rule id, e.g. {@code CDA-NOT_XML}. */
    public String code() { return "CDA-" + name(); }

    public String format(Object... args) { return String.format(java.util.Locale.ROOT, template, args); }
}
