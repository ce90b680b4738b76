package org.passerelle.cda.metadata;

import jakarta.xml.bind.JAXBElement;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryPackageType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FrenchSubmissionTest {
    private final FrenchSubmission submission = new FrenchSubmission();

    @Test
    void ebXmlCarriesTheFrenchForms() throws Exception {
        CdaDocument doc = submission.document(CdaExamples.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml"), MetadataOverrides.NONE);
        ProvideAndRegisterDocumentSet request = submission.build(List.of(doc), SubmissionOptions.of("1.2.250.1.999.1.1.7898"));
        var ebXml = FrenchSubmission.toEbXml(request);
        List<JAXBElement<? extends IdentifiableType>> objects =
                ebXml.getInternal().getSubmitObjectsRequest().getRegistryObjectList().getIdentifiable();

        ExtrinsicObjectType eo = objects.stream().map(JAXBElement::getValue)
                .filter(ExtrinsicObjectType.class::isInstance).map(ExtrinsicObjectType.class::cast).findFirst().orElseThrow();
        String patientId = eo.getExternalIdentifier().stream()
                .filter(x -> x.getIdentificationScheme().equals("urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"))
                .findFirst().orElseThrow().getValue();
        assertEquals("279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH", patientId);
        assertEquals(List.of("1234567890121^^^&1.2.3.4.567.8.9.10&ISO^PI"), slot(eo.getSlot(), "sourcePatientId"));
        assertEquals(List.of("20210104150527"), slot(eo.getSlot(), "creationTime"));

        var author = eo.getClassification().stream()
                .filter(c -> c.getClassificationScheme().equals("urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d"))
                .findFirst().orElseThrow();
        assertEquals(List.of("Laboratoire des charmes^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^1120459876"),
                slot(author.getSlot(), "authorInstitution"));
        assertEquals(List.of("G15_10/SM03^Médecin - Biologie médicale (SM)^1.2.250.1.213.1.1.4.5"),
                slot(author.getSlot(), "authorSpecialty"));
        assertEquals(List.of("801234534765^CAMPARINI^Marcel^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS"),
                slot(author.getSlot(), "authorPerson"));

        RegistryPackageType ss = objects.stream().map(JAXBElement::getValue)
                .filter(RegistryPackageType.class::isInstance).map(RegistryPackageType.class::cast).findFirst().orElseThrow();
        assertTrue(ss.getExternalIdentifier().stream().anyMatch(x -> x.getValue().endsWith("&ISO^NH")));

        // and IPF reads it back to the same patient
        ProvideAndRegisterDocumentSet back = new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).fromEbXML(ebXml);
        assertEquals("279035121518989", back.getDocuments().get(0).getDocumentEntry().getPatientId().getId());
        assertEquals(request.getSubmissionSet().getUniqueId(), back.getSubmissionSet().getUniqueId());
    }

    @Test
    void twoPatientsInOneSubmissionAreRefused() throws Exception {
        CdaDocument a = submission.document(CdaExamples.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml"), MetadataOverrides.NONE);
        CdaDocument b = submission.document(CdaExamples.example("LDL-SES_2022.01.xml"), MetadataOverrides.NONE);
        if (FrenchForms.render(a.entry().getPatientId()).equals(FrenchForms.render(b.entry().getPatientId()))) {
            b.entry().setPatientId(FrenchForms.insPatientId(new Ii("1.2.250.1.213.1.4.10", "100000000000001")));
        }
        CdaMetadataException ex = assertThrows(CdaMetadataException.class,
                () -> submission.build(List.of(a, b), SubmissionOptions.of("1.2.3")));
        assertEquals(CdaMetadataFailure.PATIENTS_DIFFER, ex.failure());
        assertTrue(ex.getMessage().contains("LDL-SES_2022.01.xml"), ex.getMessage());
    }

    @Test
    void generatedOidsAreUniqueAndNumeric() {
        String a = FrenchSubmission.newOid();
        assertTrue(a.matches("2\\.25\\.[1-9][0-9]*"), a);
        assertNotEquals(a, FrenchSubmission.newOid());
    }

    private static List<String> slot(List<SlotType1> slots, String name) {
        return slots.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow().getValueList().getValue();
    }
}
