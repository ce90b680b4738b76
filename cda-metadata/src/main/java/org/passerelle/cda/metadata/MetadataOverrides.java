package org.passerelle.cda.metadata;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;

import java.util.List;

/**
 * Values a sender imposes instead of those derived from the CDA header (null = derive).
 *
 * @param extraConfidentialityCodes TRE_A07 codes added after {@code N} (MASQUE_PS, INVISIBLE_PATIENT, …)
 */
public record MetadataOverrides(Code typeCode, Code classCode, Code formatCode, Code practiceSettingCode,
                                Code healthcareFacilityTypeCode, List<Code> extraConfidentialityCodes,
                                String mimeType) {
    public static final MetadataOverrides NONE = new MetadataOverrides(null, null, null, null, null, List.of(), null);

    public MetadataOverrides {
        extraConfidentialityCodes = extraConfidentialityCodes == null ? List.of() : List.copyOf(extraConfidentialityCodes);
    }
}
