package org.passerelle.cda.metadata;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class HeaderMetadataCheckTest {
    private CdaHeader header;
    private DocumentEntry entry;

    @BeforeEach
    void build() throws Exception {
        header = new CdaHeaderReader().read(CdaExamples.example("BIO-CR-BIO_2024.01_TSH_1.xml"));
        entry = new FrenchMetadataBuilder().build(header);
    }

    private List<CdaMetadataFailure> failures() {
        return HeaderMetadataCheck.compare(header, entry).stream().map(Mismatch::failure).toList();
    }

    @Test
    void consistentMetadataPass() {
        assertEquals(List.of(), failures());
    }

    @Test
    void otherPatient() {
        entry.setPatientId(FrenchForms.insPatientId(new Ii(header.patient().ins().root(), "199999999999999")));
        assertEquals(List.of(CdaMetadataFailure.PATIENT_ID_MISMATCH), failures());
        Mismatch m = HeaderMetadataCheck.compare(header, entry).get(0);
        assertEquals("XDSPatientIdDoesNotMatch", m.ebRsErrorCode());
        assertTrue(m.message().contains("199999999999999"), m.message());
        assertTrue(m.message().contains(header.patient().ins().extension()), m.message());
    }

    @Test
    void sameMatriculeOtherAssigningAuthority() {
        entry.setPatientId(FrenchForms.insPatientId(new Ii("1.2.250.1.213.1.4.8", header.patient().ins().extension())));
        assertEquals(List.of(CdaMetadataFailure.PATIENT_ID_MISMATCH), failures());
    }

    @Test
    void otherTypeCode() {
        entry.setTypeCode(new Code("11488-4", new LocalizedString("CR de consultation"), "2.16.840.1.113883.6.1"));
        assertEquals(List.of(CdaMetadataFailure.TYPE_CODE_MISMATCH), failures());
    }

    @Test
    void localTimeInsteadOfUtc() {
        // the CDA local time written as if it were UTC: the classic producer mistake
        String local = header.effectiveTime().substring(0, 14);
        entry.setCreationTime(local);
        boolean offsetIsZero = header.effectiveTime().endsWith("+0000") || header.effectiveTime().length() == 14;
        assertEquals(offsetIsZero ? List.of() : List.of(CdaMetadataFailure.CREATION_TIME_MISMATCH), failures());
    }

    @Test
    void lowerPrecisionCreationTimeStillMatches() {
        entry.setCreationTime(entry.getCreationTime().toHL7().substring(0, 8));
        assertEquals(List.of(), failures());
    }

    @Test
    void confidentialityWithoutTheCdaCode() {
        entry.getConfidentialityCodes().clear();
        entry.getConfidentialityCodes().add(new Code("R", new LocalizedString("Restricted"), "2.16.840.1.113883.5.25"));
        assertEquals(List.of(CdaMetadataFailure.CONFIDENTIALITY_MISMATCH), failures());
    }

    @Test
    void authorOfAnotherProfessional() {
        entry.getAuthors().clear();
        entry.getAuthors().add(FrenchMetadataBuilder.author(new CdaAuthor(new Ii(FrenchForms.PS_ID_OID, "899999999999"),
                new PersonName("AUTRE", "Paul", null), null, null, null, null)));
        assertEquals(List.of(CdaMetadataFailure.AUTHOR_MISMATCH), failures());
    }

    @Test
    void severalMismatchesAreAllReported() {
        entry.setTypeCode(new Code("X", null, "2.16.840.1.113883.6.1"));
        entry.setPatientId(FrenchForms.insPatientId(new Ii("1.2.250.1.213.1.4.10", "100000000000000")));
        assertEquals(List.of(CdaMetadataFailure.PATIENT_ID_MISMATCH, CdaMetadataFailure.TYPE_CODE_MISMATCH), failures());
    }
}
