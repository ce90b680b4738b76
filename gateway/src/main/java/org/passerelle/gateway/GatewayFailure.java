package org.passerelle.gateway;

import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;

import javax.xml.namespace.QName;

/**
 * Every failure the gateway itself reports, with its protocol mapping: an ebRS RegistryError code (for failures
 * answered inside a RegistryResponse) or a SOAP 1.2 Fault subcode (for failures answered with a SOAP Fault), and the
 * codeContext / reason template ({@link String#format} arguments).
 */
public enum GatewayFailure {
    // --- French metadata rules (fr-dmp profile) ---
    PATIENT_ID_NOT_INS(ErrorCode.REGISTRY_METADATA_ERROR,
            "%s patientId '%s' is not an INS in CX form (expected <15-character matricule>^^^&<INS OID>&ISO^NH)"),
    PATIENT_ID_AUTHORITY_NOT_ALLOWED(ErrorCode.REGISTRY_METADATA_ERROR,
            "%s patientId '%s': assigning authority %s is not allowed (allowed: %s)"),
    PATIENT_ID_DOES_NOT_MATCH(ErrorCode.PATIENT_ID_DOES_NOT_MATCH,
            "DocumentEntry %s patientId '%s' differs from the SubmissionSet patientId '%s' (one patient per submission set)"),
    CODE_NOT_IN_VALUE_SET(ErrorCode.REGISTRY_METADATA_ERROR,
            "%s %s '%s' (codingScheme %s) is not in value set %s"),
    CODE_MISSING(ErrorCode.REGISTRY_METADATA_ERROR, "%s has no %s"),
    CONFIDENTIALITY_NORMAL_MISSING(ErrorCode.REGISTRY_METADATA_ERROR,
            "DocumentEntry %s confidentialityCode must contain N (codingScheme 2.16.840.1.113883.5.25); found %s"),
    CONFIDENTIALITY_TOO_MANY(ErrorCode.REGISTRY_METADATA_ERROR,
            "DocumentEntry %s has %d confidentialityCodes (at most 4 allowed)"),

    // --- documents ---
    CDA_INVALID(ErrorCode.REPOSITORY_METADATA_ERROR, "document %s is not a valid CDA: %s"),
    CDA_HEADER_MISMATCH(ErrorCode.REPOSITORY_METADATA_ERROR, "document %s: CDA header and metadata disagree: %s"),
    METADATA_MALFORMED(ErrorCode.REGISTRY_METADATA_ERROR, "the metadata cannot be read: %s"),
    UPDATE_STATUS_UNKNOWN(ErrorCode.METADATA_UPDATE_ERROR,
            "UpdateAvailabilityStatus association %s: %s '%s' is not a known status (expected "
            + "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved or :Deprecated, or under fr-dmp "
            + "urn:asip:ci-sis:2010:StatusType:Archived or :Deleted)"),

    // --- retrieve ---
    UNKNOWN_REPOSITORY(ErrorCode.UNKNOWN_REPOSITORY_ID,
            "repositoryUniqueId '%s' is not this repository (this repository is '%s')"),
    UNKNOWN_DOCUMENT(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, "no document with uniqueId '%s' in repository '%s'"),

    // --- access and internal ---
    ACCESS_DENIED(ErrorCode.REGISTRY_ERROR, "%s"),
    INTERNAL_ERROR(ErrorCode.REGISTRY_ERROR, "internal error (%s): the request was not processed, nothing was stored"),

    // --- SOAP level ---
    ACTION_MISSING(new QName("http://www.w3.org/2005/08/addressing", "MessageAddressingHeaderRequired"),
            "the WS-Addressing Action header is missing (expected %s)"),
    ACTION_NOT_SUPPORTED(new QName("http://www.w3.org/2005/08/addressing", "ActionNotSupported"),
            "WS-Addressing Action '%s' is not supported by this endpoint (expected %s)"),
    REQUEST_TOO_LARGE(new QName("urn:passerelle:gateway", "RequestTooLarge"),
            "the request is %s: larger than the configured limit of %d bytes (gateway.max-request-bytes)"),
    RECORD_STATE_REQUEST_MALFORMED(new QName("urn:passerelle:gateway", "MalformedRecordStateRequest"),
            "TD0.2 record state: %s (expected <rs:RecordStateRequest xmlns:rs=\"urn:passerelle:dmp:td0.2\"><rs:PatientId>"
            + "INS in CX form</rs:PatientId></rs:RecordStateRequest>)"),
    RECORD_STATE_PATIENT_INVALID(new QName("urn:passerelle:gateway", "InvalidPatientId"),
            "TD0.2 record state: %s"),
    RECORD_STATE_REFUSED(new QName("urn:passerelle:gateway", "AccessDenied"), "TD0.2 record state refused: %s"),
    RECORD_STATE_UNAVAILABLE(new QName("urn:passerelle:gateway", "RecordStateUnavailable"),
            "TD0.2 record state unavailable (database): %s"),
    AUTHENTICATION_FAILED(new QName("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
            "FailedAuthentication"), "%s");

    private final ErrorCode errorCode;
    private final QName soapSubcode;
    private final String template;

    GatewayFailure(ErrorCode errorCode, String template) {
        this.errorCode = errorCode;
        this.soapSubcode = null;
        this.template = template;
    }

    GatewayFailure(QName soapSubcode, String template) {
        this.errorCode = null;
        this.soapSubcode = soapSubcode;
        this.template = template;
    }

    /** The ebRS error code, or null for failures answered with a SOAP Fault. */
    public ErrorCode errorCode() { return errorCode; }

    /** The SOAP 1.2 Fault subcode, or null for failures answered with a RegistryError. */
    public QName soapSubcode() { return soapSubcode; }

    public String message(Object... args) { return String.format(template, args); }

    /** An ebRS RegistryError (severity Error) for this failure. */
    public ErrorInfo error(String location, Object... args) {
        return new ErrorInfo(errorCode, message(args), Severity.ERROR, location, null);
    }

    /** A gateway exception carrying this failure as a single RegistryError. */
    public GatewayException exception(String location, Object... args) {
        return new GatewayException(error(location, args));
    }
}
