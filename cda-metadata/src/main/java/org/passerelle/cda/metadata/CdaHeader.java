package org.passerelle.cda.metadata;

import java.util.List;
import java.util.Optional;

/**
 * What the French XDS metadata are derived from: the header of a CDA R2 document.
 * Times are kept as written in the CDA (HL7 TS, possibly with a UTC offset); the metadata builder converts them.
 *
 * @param selfPresenting true when the file's root is {@code xsl:stylesheet} with the ClinicalDocument nested in it
 * @param nonXmlMediaType for N1 documents, {@code nonXMLBody/text/@mediaType}; null for N3
 */
public record CdaHeader(
        Ii id,
        CodedValue code,
        String title,
        String effectiveTime,
        CodedValue confidentiality,
        String languageCode,
        Ii setId,
        Integer versionNumber,
        CdaPatient patient,
        List<CdaAuthor> authors,
        CdaLegalAuthenticator legalAuthenticator,
        String serviceStartTime,
        String serviceStopTime,
        CodedValue practiceSetting,
        CodedValue healthcareFacility,
        List<Ii> templateIds,
        CdaLevel level,
        String nonXmlMediaType,
        boolean selfPresenting) {

    public CdaHeader {
        authors = List.copyOf(authors);
        templateIds = List.copyOf(templateIds);
    }

    public boolean hasTemplate(String root) {
        return templateIds.stream().anyMatch(t -> root.equals(t.root()));
    }

    public Optional<CdaAuthor> firstAuthor() {
        return authors.stream().findFirst();
    }
}
