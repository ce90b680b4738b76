package org.passerelle.cda.metadata;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;

/**
 * What a submission set needs beyond the documents.
 *
 * @param sourceId OID of the sending system
 * @param submissionSetUniqueId OID of this submission set; null = a fresh {@code 2.25.<uuid>} OID
 * @param contentTypeCode JDV_J59 activity code; null = the kit sample's {@code 04 Hospitalisation de jour}
 * @param overrides values imposed on every DocumentEntry instead of those read in the CDA
 */
public record SubmissionOptions(String sourceId, String submissionSetUniqueId, Code contentTypeCode,
                                MetadataOverrides overrides) {
    public static final Code DEFAULT_CONTENT_TYPE =
            new Code("04", new LocalizedString("Hospitalisation de jour"), "1.2.250.1.213.2.2");

    public SubmissionOptions {
        if (sourceId == null || sourceId.isBlank()) {
            throw new IllegalArgumentException("sourceId (OID of the sending system) is required");
        }
        overrides = overrides == null ? MetadataOverrides.NONE : overrides;
    }

    public static SubmissionOptions of(String sourceId) {
        return new SubmissionOptions(sourceId, null, null, MetadataOverrides.NONE);
    }
}
