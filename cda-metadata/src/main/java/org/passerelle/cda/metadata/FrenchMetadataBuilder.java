package org.passerelle.cda.metadata;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.PatientInfo;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;

import java.util.UUID;

/**
 * Builds the DocumentEntry of the French profile (docs/xds-fr-metadata.md §3-7) from a CDA header.
 * Every time is converted to UTC; identifiers and authors use the French HL7 v2 forms of {@link FrenchForms}.
 */
public final class FrenchMetadataBuilder {
    public static final String CONFIDENTIALITY_OID = "2.16.840.1.113883.5.25";
    public static final String VISIBILITY_OID = "1.2.250.1.213.1.1.4.13";
    public static final String MIME_CDA = "text/xml";

    private final CodeTables tables;

    public FrenchMetadataBuilder() {
        this(CodeTables.defaults());
    }

    public FrenchMetadataBuilder(CodeTables tables) {
        this.tables = tables;
    }

    public DocumentEntry build(CdaHeader h) throws CdaMetadataException {
        return build(h, MetadataOverrides.NONE);
    }

    public DocumentEntry build(CdaHeader h, MetadataOverrides o) throws CdaMetadataException {
        if (h.patient().ins() == null) {
            throw CdaMetadataFailure.NO_INS.exception(h.patient().ids());
        }
        DocumentEntry e = new DocumentEntry();
        e.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        e.setType(DocumentEntryType.STABLE);
        e.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        e.setUniqueId(h.id().asUniqueId());
        e.setMimeType(o.mimeType() != null ? o.mimeType() : MIME_CDA);
        if (h.title() != null) {
            e.setTitle(new LocalizedString(h.title(), "fr-FR", "UTF-8"));
        }
        e.setLanguageCode(h.languageCode());

        e.setPatientId(FrenchForms.insPatientId(h.patient().ins()));
        e.setSourcePatientId(h.patient().ids().stream()
                .filter(i -> i.root() != null && i.extension() != null && !CdaHeaderReader.INS_OIDS.contains(i.root()))
                .findFirst()
                .map(FrenchForms::localPatientId)
                .orElse(FrenchForms.insPatientId(h.patient().ins())));
        e.setSourcePatientInfo(patientInfo(h.patient()));

        Code type = o.typeCode();
        if (type == null) {
            if (h.code() == null) {
                throw CdaMetadataFailure.MISSING_HEADER_ELEMENT.exception("ClinicalDocument/code (typeCode)");
            }
            type = code(h.code());
        }
        e.setTypeCode(type);
        e.setClassCode(o.classCode() != null ? o.classCode() : tables.classCode(type.getCode()));

        Code format = o.formatCode();
        if (format == null) {
            format = tables.formatCode(h).orElseThrow(() -> CdaMetadataFailure.UNKNOWN_FORMAT.exception(
                    h.level() == CdaLevel.N1
                            ? "N1 body of media type " + h.nonXmlMediaType()
                            : "N3 document with templateIds " + h.templateIds()));
        }
        e.setFormatCode(format);

        CodedValue conf = h.confidentiality();
        e.getConfidentialityCodes().add(conf != null ? code(conf)
                : new Code("N", new LocalizedString("Normal"), CONFIDENTIALITY_OID));
        e.getConfidentialityCodes().addAll(o.extraConfidentialityCodes());

        if (o.healthcareFacilityTypeCode() != null) {
            e.setHealthcareFacilityTypeCode(o.healthcareFacilityTypeCode());
        } else if (h.healthcareFacility() != null) {
            e.setHealthcareFacilityTypeCode(code(h.healthcareFacility()));
        }
        if (o.practiceSettingCode() != null) {
            e.setPracticeSettingCode(o.practiceSettingCode());
        } else if (h.practiceSetting() != null) {
            e.setPracticeSettingCode(code(h.practiceSetting()));
        }

        if (h.effectiveTime() == null) {
            throw CdaMetadataFailure.MISSING_HEADER_ELEMENT.exception("ClinicalDocument/effectiveTime/@value");
        }
        e.setCreationTime(utc(h.effectiveTime()));
        if (h.serviceStartTime() != null) {
            e.setServiceStartTime(utc(h.serviceStartTime()));
        }
        if (h.serviceStopTime() != null) {
            e.setServiceStopTime(utc(h.serviceStopTime()));
        }

        for (CdaAuthor a : h.authors()) {
            e.getAuthors().add(author(a));
        }
        if (h.legalAuthenticator() != null && h.legalAuthenticator().id() != null) {
            e.setLegalAuthenticator(FrenchForms.xcn(h.legalAuthenticator().id(), h.legalAuthenticator().name()));
        }
        return e;
    }

    /** The XDS author of a CDA author: XCN person, XON institution, specialty and role in the French notation. */
    public static Author author(CdaAuthor a) {
        Author author = new Author();
        author.setAuthorPerson(FrenchForms.xcn(a.id(), a.name()));
        if (a.organization() != null && a.organization().name() != null) {
            author.getAuthorInstitution().add(FrenchForms.xon(a.organization()));
        }
        if (a.specialty() != null) {
            author.getAuthorSpecialty().add(FrenchForms.codedSlot(a.specialty()));
        }
        if (a.function() != null) {
            author.getAuthorRole().add(FrenchForms.codedSlot(a.function()));
        }
        return author;
    }

    static PatientInfo patientInfo(CdaPatient p) {
        PatientInfo info = new PatientInfo();
        if (p.name() != null) {
            info.getNames().add(FrenchForms.legalName(p.name()));
        }
        if (p.birthTime() != null) {
            String birth = p.birthTime().length() >= 8 ? p.birthTime().substring(0, 8) : p.birthTime();
            info.setDateOfBirth(birth);
        }
        if (p.gender() != null) {
            info.setGender(p.gender());
        }
        return info;
    }

    /** An HL7 TS (possibly with an offset) as an XDS timestamp in UTC, keeping its precision. */
    public static Timestamp utc(String hl7) throws CdaMetadataException {
        try {
            return Timestamp.fromHL7(hl7);
        } catch (RuntimeException ex) {
            throw CdaMetadataFailure.MISSING_HEADER_ELEMENT.exception(ex, "valid HL7 timestamp (got '" + hl7 + "')");
        }
    }

    static Code code(CodedValue c) {
        return new Code(c.code(), c.displayName() == null ? null : new LocalizedString(c.displayName()), c.codeSystem());
    }
}
