package org.passerelle.cda.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class FrenchMetadataBuilderTest {
    private final CdaHeaderReader reader = new CdaHeaderReader();
    private final FrenchMetadataBuilder builder = new FrenchMetadataBuilder();

    @Test
    void n1PdfLaboratoryReport() throws Exception {
        CdaHeader h = reader.read(CdaExamples.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml"));
        DocumentEntry e = builder.build(h);
        assertEquals("urn:ihe:iti:xds-sd:pdf:2008", e.getFormatCode().getCode());
        assertEquals("1.3.6.1.4.1.19376.1.2.3", e.getFormatCode().getSchemeName());
        assertEquals("11502-2", e.getTypeCode().getCode());
        assertEquals("2.16.840.1.113883.6.1", e.getTypeCode().getSchemeName());
        assertEquals("279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH", FrenchForms.render(e.getPatientId()));
        // source patient id is the IPP, not the INS
        assertEquals("1234567890121^^^&1.2.3.4.567.8.9.10&ISO^PI", FrenchForms.render(e.getSourcePatientId()));
        // 16:05:27 at +01:00 is 15:05:27 UTC
        assertEquals("20210104150527", e.getCreationTime().toHL7());
        assertEquals("20210104082200", e.getServiceStartTime().toHL7());
        assertEquals("1.2.250.1.213.1.1.1.55.2021.3.1", e.getUniqueId());
        assertEquals("N", e.getConfidentialityCodes().get(0).getCode());
        assertEquals("SA25", e.getHealthcareFacilityTypeCode().getCode());
        assertNotNull(e.getPracticeSettingCode());
        assertEquals("text/xml", e.getMimeType());
        assertEquals("fr-FR", e.getLanguageCode());
        assertEquals("PAT-TROIS^DOMINIQUE^^^^^L", FrenchForms.render(e.getSourcePatientInfo().getNames().next()));
        assertEquals("19790328", e.getSourcePatientInfo().getDateOfBirth().toHL7());
        assertEquals("F", e.getSourcePatientInfo().getGender());

        Author a = e.getAuthors().get(0);
        assertEquals("801234534765^CAMPARINI^Marcel^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS",
                FrenchForms.render(a.getAuthorPerson()));
        assertEquals("Laboratoire des charmes^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^1120459876",
                FrenchForms.render(a.getAuthorInstitution().get(0)));
        assertEquals("G15_10/SM03^Médecin - Biologie médicale (SM)^1.2.250.1.213.1.1.4.5",
                FrenchForms.render(a.getAuthorSpecialty().get(0)));
        assertNotNull(e.getLegalAuthenticator());
    }

    static Stream<CdaExamples> crBio() {
        return CdaExamples.all().filter(x -> "1.2.250.1.213.1.1.1.55".equals(x.voletTemplateId()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crBio")
    void structuredLaboratoryReportsUseXdLab(CdaExamples example) throws Exception {
        CdaHeader h = reader.read(example.file());
        DocumentEntry e = builder.build(h);
        assertEquals("urn:ihe:lab:xd-lab:2008", e.getFormatCode().getCode());
        assertEquals("11502-2", e.getTypeCode().getCode());
        assertEquals(h.patient().ins().extension() + "^^^&" + h.patient().ins().root() + "&ISO^NH",
                FrenchForms.render(e.getPatientId()));
        assertTrue(HeaderMetadataCheck.compare(h, e).isEmpty());
    }

    static Stream<CdaExamples> all() {
        return CdaExamples.all();
    }

    /** Every example either gets complete metadata that agree with its header, or a precise UNKNOWN_FORMAT. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void everyExampleGivesConsistentMetadataOrNamesTheMissingFormat(CdaExamples example) throws Exception {
        CdaHeader h = reader.read(example.file());
        try {
            DocumentEntry e = builder.build(h);
            assertEquals(List.of(), HeaderMetadataCheck.compare(h, e));
            assertNotNull(e.getClassCode());
            assertEquals(h.id().asUniqueId(), e.getUniqueId());
        } catch (CdaMetadataException ex) {
            assertEquals(CdaMetadataFailure.UNKNOWN_FORMAT, ex.failure(), ex.getMessage());
            assertTrue(ex.getMessage().contains("templateIds"), ex.getMessage());
        }
    }

    @Test
    void creationTimeIsConvertedToUtcAcrossMidnight() throws Exception {
        String t = "20261231233000-0500";
        String expected = ZonedDateTime.parse(t, DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ"))
                .withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        assertEquals(expected, FrenchMetadataBuilder.utc(t).toHL7());
    }

    @Test
    void overridesWin() throws Exception {
        CdaHeader h = reader.read(CdaExamples.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml"));
        Code masked = new Code("MASQUE_PS", new LocalizedString("Masqué aux PS"), FrenchMetadataBuilder.VISIBILITY_OID);
        Code practice = new Code("ETABLISSEMENT", new LocalizedString("Etablissement de santé"), "1.2.250.1.213.1.1.4.9");
        DocumentEntry e = builder.build(h, new MetadataOverrides(null, null, null, practice, null, List.of(masked), null));
        assertEquals(List.of("N", "MASQUE_PS"), e.getConfidentialityCodes().stream().map(Code::getCode).toList());
        assertEquals("ETABLISSEMENT", e.getPracticeSettingCode().getCode());
    }
}
