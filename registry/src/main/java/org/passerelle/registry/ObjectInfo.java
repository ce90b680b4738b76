package org.passerelle.registry;

/**
 * What the store knows of one registry object when checking a submission against it.
 *
 * @param kind DE (document entry), SS (submission set), FD (folder), AS (association)
 */
record ObjectInfo(String entryUuid, String kind, String patientId, String status, String logicalUuid, int version,
                  String uniqueId, String hash) {
    static final String DOCUMENT_ENTRY = "DE";
    static final String SUBMISSION_SET = "SS";
    static final String FOLDER = "FD";
    static final String ASSOCIATION = "AS";

    boolean is(String k) { return kind.equals(k); }

    String describe() {
        return switch (kind) {
            case DOCUMENT_ENTRY -> "DocumentEntry " + entryUuid;
            case SUBMISSION_SET -> "SubmissionSet " + entryUuid;
            case FOLDER -> "Folder " + entryUuid;
            default -> "Association " + entryUuid;
        };
    }
}
