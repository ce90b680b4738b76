package org.passerelle.gateway;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Person;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XpnName;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.passerelle.cda.metadata.CdaDocument;
import org.passerelle.cda.metadata.FrenchSubmission;
import org.passerelle.cda.metadata.MetadataOverrides;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.testsupport.SharedFolder;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Test submissions: French (from the ANS CDA examples, via cda-metadata) and plain IHE (NIST-style ids and codes). */
final class Submissions {
    private static final AtomicLong COUNTER = new AtomicLong(System.currentTimeMillis());

    private Submissions() { }

    static ProvideAndRegisterDocumentSet french(String example) throws Exception {
        FrenchSubmission fs = new FrenchSubmission();
        CdaDocument doc = fs.document(SharedFolder.ciSis().resolve("examples").resolve(example), MetadataOverrides.NONE);
        return fs.build(List.of(doc), SubmissionOptions.of("1.2.250.1.999.1.1.7898"));
    }

    static ProvideAndRegisterDocumentSetRequestType frenchWire(ProvideAndRegisterDocumentSet pnr) {
        return FrenchSubmission.toEbXml(pnr).getInternal();
    }

    static ProvideAndRegisterDocumentSetRequestType iheWire(ProvideAndRegisterDocumentSet pnr) {
        return new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(pnr).getInternal();
    }

    /** A NIST-style patient id: P<digits>^^^&1.3.6.1.4.1.21367.2005.13.20.1000&ISO. */
    static Identifiable nistPatient() {
        return new Identifiable("P" + COUNTER.incrementAndGet(), new AssigningAuthority("1.3.6.1.4.1.21367.2005.13.20.1000"));
    }

    static String oid() {
        return "1.2.42." + COUNTER.incrementAndGet();
    }

    /** One plain-IHE document (IHE connectathon codes) for the given patient. */
    static ProvideAndRegisterDocumentSet ihe(Identifiable patient, byte[] content, String mimeType) {
        Author author = new Author();
        author.setAuthorPerson(new Person(new Identifiable("1234", new AssigningAuthority("1.2.3.4.5")),
                new XpnName("Welby", "Marcus", null, null, null, null)));
        SubmissionSet set = new SubmissionSet();
        set.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        set.setUniqueId(oid());
        set.setSourceId("1.3.6.1.4.1.21367.4");
        set.setSubmissionTime(Timestamp.now());
        set.setPatientId(patient);
        set.setContentTypeCode(code("Initial evaluation", "Connect-a-thon contentTypeCodes"));
        set.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        set.getAuthors().add(author);

        DocumentEntry e = new DocumentEntry();
        e.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        e.setUniqueId(oid());
        e.setPatientId(patient);
        e.setSourcePatientId(new Identifiable("source-" + patient.getId(), new AssigningAuthority("1.3.6.1.4.1.21367.13.20.2000")));
        e.setMimeType(mimeType);
        e.setClassCode(code("Consult", "Connect-a-thon classCodes"));
        e.setTypeCode(code("34108-1", "LOINC"));
        e.setFormatCode(code("urn:ihe:iti:xds-sd:text:2008", "1.3.6.1.4.1.19376.1.2.3"));
        e.getConfidentialityCodes().add(code("N", "2.16.840.1.113883.5.25"));
        e.setHealthcareFacilityTypeCode(code("Outpatient", "Connect-a-thon healthcareFacilityTypeCodes"));
        e.setPracticeSettingCode(code("General Medicine", "Connect-a-thon practiceSettingCodes"));
        e.setLanguageCode("en-us");
        e.setCreationTime(Timestamp.now());
        e.setTitle(new LocalizedString("test document"));
        e.getAuthors().add(author);

        ProvideAndRegisterDocumentSet pnr = new ProvideAndRegisterDocumentSet();
        pnr.setSubmissionSet(set);
        pnr.getDocuments().add(new Document(e, new DataHandler(new ByteArrayDataSource(content, mimeType))));
        Association hasMember = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                set.getEntryUuid(), e.getEntryUuid());
        hasMember.setLabel(AssociationLabel.ORIGINAL);
        pnr.getAssociations().add(hasMember);
        return pnr;
    }

    static Code code(String code, String scheme) {
        return new Code(code, new LocalizedString(code), scheme);
    }

}
