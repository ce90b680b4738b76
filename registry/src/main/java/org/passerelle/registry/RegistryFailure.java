package org.passerelle.registry;

import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;

import static org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode.*;

/**
 * Every failure the store can report, with its IHE error code and the codeContext template (String.format).
 * The codeContext says what is wrong and where, for an integrator reading the RegistryError.
 */
public enum RegistryFailure {
    // submission set / patient
    NO_SUBMISSION_SET(REGISTRY_METADATA_ERROR, "the request carries no SubmissionSet"),
    NO_PATIENT_ID(REGISTRY_METADATA_ERROR, "%s has no patientId"),
    UNKNOWN_PATIENT(UNKNOWN_PATIENT_ID, "patient %s is unknown to this registry (not fed by ITI-8 nor registered by an administrator)"),
    PATIENT_AUTHORITY_NOT_ACCEPTED(UNKNOWN_PATIENT_ID, "patient %s: assigning authority '%s' is not an accepted INS authority %s"),
    PATIENT_CLOSED(UNKNOWN_PATIENT_ID, "patient %s: the record is closed (%s)"),
    PATIENT_OPPOSED(UNKNOWN_PATIENT_ID, "patient %s: the patient opposed the record (%s)"),
    PATIENT_MISMATCH(PATIENT_ID_DOES_NOT_MATCH, "%s has patientId %s but the SubmissionSet has %s"),
    ASSOCIATION_PATIENT_MISMATCH(PATIENT_ID_DOES_NOT_MATCH, "association %s (%s) links objects of two patients: %s has %s, %s has %s"),

    // identifiers
    NO_ENTRY_UUID(REGISTRY_METADATA_ERROR, "%s has no entryUUID"),
    DUPLICATE_ENTRY_UUID_IN_MESSAGE(REGISTRY_METADATA_ERROR, "entryUUID %s is used by more than one object of the submission"),
    ENTRY_UUID_EXISTS(REGISTRY_METADATA_ERROR, "entryUUID %s already exists in the registry: a pre-assigned UUID can be submitted only once"),
    NO_UNIQUE_ID(REGISTRY_METADATA_ERROR, "%s has no uniqueId"),
    DUPLICATE_UNIQUE_ID_IN_MESSAGE(REGISTRY_DUPLICATE_UNIQUE_ID_IN_MESSAGE, "uniqueId %s is used by more than one object of the submission"),
    UNIQUE_ID_EXISTS(DUPLICATE_UNIQUE_ID_IN_REGISTRY, "uniqueId %s of %s is already registered (as %s)"),
    NON_IDENTICAL_HASH_IN_REGISTRY(NON_IDENTICAL_HASH, "document uniqueId %s is already registered with hash %s; this submission has hash %s"),
    LOGICAL_ID_ON_NEW_ENTRY(REGISTRY_METADATA_ERROR, "%s: logicalID %s differs from its entryUUID; a new version of an existing entry goes through ITI-57"),

    // associations
    NOT_A_MEMBER(REGISTRY_METADATA_ERROR, "%s %s is not linked to the SubmissionSet by a HasMember association"),
    UNRESOLVED_REFERENCE(REGISTRY_METADATA_ERROR, "association %s (%s): %s %s is neither in the submission nor in the registry"),
    INVALID_ASSOCIATION_SOURCE(REGISTRY_METADATA_ERROR, "association %s (%s): the source %s must be %s"),
    INVALID_ASSOCIATION_TARGET(REGISTRY_METADATA_ERROR, "association %s (%s): the target %s must be %s"),
    TARGET_NOT_APPROVED(REGISTRY_DEPRECATED_DOCUMENT_ERROR, "association %s (%s): target document %s is %s; only an Approved document can be replaced, appended or transformed"),
    DOCUMENTATION_NOT_ALLOWED(REGISTRY_METADATA_ERROR, "association %s (%s) carries a documentation classification; only RPLC, XFRM, APND and XFRM_RPLC may"),
    NO_SUBMISSION_SET_STATUS(REGISTRY_METADATA_ERROR, "HasMember association %s from the SubmissionSet to %s has no SubmissionSetStatus (Original/Reference)"),
    UNSUPPORTED_ASSOCIATION(REGISTRY_METADATA_ERROR, "association %s: type %s is not supported in this transaction"),

    // repository
    MISSING_DOCUMENT_CONTENT(MISSING_DOCUMENT, "DocumentEntry %s (uniqueId %s) has no attached document"),
    MISSING_METADATA(MISSING_DOCUMENT_METADATA, "an attached document (%s) has no DocumentEntry"),
    HASH_MISMATCH(REPOSITORY_METADATA_ERROR, "document %s: hash %s given in the metadata, %s computed from the content"),
    SIZE_MISMATCH(REPOSITORY_METADATA_ERROR, "document %s: size %s given in the metadata, %s bytes received"),
    CONTENT_UNREADABLE(REPOSITORY_ERROR, "document %s: the content could not be read (%s); nothing was stored"),
    DUPLICATE_DOCUMENT_IN_MESSAGE(REPOSITORY_DUPLICATE_UNIQUE_ID_IN_MESSAGE, "document uniqueId %s is attached more than once"),
    CONTENT_TOO_LARGE(REPOSITORY_ERROR, "document %s: the documents of this submission exceed %d bytes, the most one "
            + "submission may store (configured limit); nothing was stored"),
    STAGED_CONTENT_LOST(REPOSITORY_ERROR, "document %s: its staged content was removed by the orphan sweeper before the "
            + "submission committed (an upload slower than the configured orphan content age); nothing was stored, retry"),
    NON_IDENTICAL_HASH_IN_REPOSITORY(NON_IDENTICAL_HASH, "document uniqueId %s is already stored with different content (hash %s, this one %s)"),

    // retrieve
    NOTHING_REQUESTED(REPOSITORY_ERROR, "the retrieve request names no document"),
    UNKNOWN_REPOSITORY(UNKNOWN_REPOSITORY_ID, "repositoryUniqueId %s is not this repository (%s)"),
    UNKNOWN_DOCUMENT(DOCUMENT_UNIQUE_ID_ERROR, "document %s is not stored in repository %s"),
    DOCUMENT_DELETED(DOCUMENT_UNIQUE_ID_ERROR, "document %s is no longer retrievable: its entry is %s"),

    // stored queries
    QUERY_TOO_BROAD(TOO_MANY_RESULTS, "the query matches more than %d objects; narrow it (e.g. by status, dates or codes)"),
    UNSUPPORTED_QUERY(UNKNOWN_STORED_QUERY, "stored query %s is not supported by this registry"),
    MISSING_QUERY_PARAMETER(STORED_QUERY_MISSING_PARAM, "%s: parameter %s is required"),

    // ITI-57 metadata update
    UPDATE_UNKNOWN_LOGICAL_ID(UNRESOLVED_REFERENCE_EXCEPTION, "%s: no registered entry has logicalID %s"),
    UPDATE_VERSION_MISMATCH(METADATA_VERSION_ERROR, "%s (logicalID %s): PreviousVersion %s is not the latest version %s"),
    UPDATE_NO_PREVIOUS_VERSION(METADATA_UPDATE_ERROR, "HasMember association %s to %s has no PreviousVersion slot"),
    UPDATE_PATIENT_CHANGED(PATIENT_ID_RECONCILIATION_ERROR, "%s (logicalID %s): patientId %s differs from the registered %s"),
    UPDATE_UNIQUE_ID_CHANGED(METADATA_UPDATE_ERROR, "%s (logicalID %s): uniqueId %s differs from the registered %s"),
    UPDATE_NOT_APPROVED(METADATA_UPDATE_ERROR, "%s (logicalID %s): the latest version is %s; only an Approved entry can get a new version"),
    UPDATE_STATUS_INVALID(METADATA_UPDATE_OPERATION_ERROR, "UpdateAvailabilityStatus %s: %s"),
    UPDATE_ORIGINAL_STATUS_MISMATCH(METADATA_UPDATE_ERROR, "UpdateAvailabilityStatus %s: OriginalStatus %s but %s is %s"),
    UPDATE_NOTHING(METADATA_UPDATE_ERROR, "the update carries neither a new version nor an UpdateAvailabilityStatus association"),

    // infrastructure
    STORAGE_ERROR(REGISTRY_ERROR, "the registry database failed (%s); nothing of the request was stored"),
    CONCURRENT_CHANGE(REGISTRY_ERROR, "%s was changed by another request at the same time; nothing was stored, retry");

    private final ErrorCode errorCode;
    private final String template;

    RegistryFailure(ErrorCode errorCode, String template) {
        this.errorCode = errorCode;
        this.template = template;
    }

    public ErrorCode errorCode() { return errorCode; }
    public String template() { return template; }

    public String message(Object... args) {
        return String.format(template, args);
    }

    /** The IPF ErrorInfo (severity Error) for this failure; {@code location} may be null. */
    public ErrorInfo toErrorInfo(String location, Object... args) {
        return new ErrorInfo(errorCode, message(args), Severity.ERROR, location, null);
    }

    /** An exception carrying this failure, to abort the current transaction. */
    public RegistryException exception(String location, Object... args) {
        return new RegistryException(toErrorInfo(location, args));
    }
}
