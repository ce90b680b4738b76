package org.passerelle.cda.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class CdaHeaderReaderTest {
    private final CdaHeaderReader reader = new CdaHeaderReader();

    static Stream<CdaExamples> examples() {
        return CdaExamples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everySharedExampleParses(CdaExamples example) throws Exception {
        CdaHeader h = reader.read(example.file());
        assertEquals(example.level(), h.level().name(), "level of " + example);
        if (example.voletTemplateId() != null) {
            assertTrue(h.hasTemplate(example.voletTemplateId()), "templateIds " + h.templateIds());
        }
        // cross-check the id, code and INS with an independent XPath reading of the same file
        XPathCheck x = XPathCheck.of(example.file());
        assertEquals(x.eval("(//*[local-name()='ClinicalDocument'])[1]/*[local-name()='id']/@root"), h.id().root());
        assertEquals(x.eval("(//*[local-name()='ClinicalDocument'])[1]/*[local-name()='code']/@code"), h.code().code());
        assertNotNull(h.patient().ins(), "INS of " + example);
        assertEquals(x.eval("(//*[local-name()='patientRole'])[1]/*[local-name()='id'][starts-with(@root,'1.2.250.1.213.1.4.')][1]/@extension"),
                h.patient().ins().extension());
        assertNotNull(h.effectiveTime());
        assertFalse(h.authors().isEmpty(), "authors of " + example);
    }

    @Test
    void n1LaboratoryReportReadsItsPdfBodyAndHeader() throws Exception {
        CdaHeader h = reader.read(CdaExamples.example("BIO-CR-BIO_2021.01_CDA-R2-Niveau-1.xml"));
        assertEquals(CdaLevel.N1, h.level());
        assertEquals("application/pdf", h.nonXmlMediaType());
        assertEquals("11502-2", h.code().code());
        assertEquals("2.16.840.1.113883.6.1", h.code().codeSystem());
        assertEquals(new Ii("1.2.250.1.213.1.4.10", "279035121518989"), h.patient().ins());
        assertEquals("PAT-TROIS", h.patient().name().family());
        assertEquals("DOMINIQUE", h.patient().name().given());
        assertEquals("19790328", h.patient().birthTime());
        assertEquals("F", h.patient().gender());
        assertEquals("20210104160527+0100", h.effectiveTime());
        assertEquals("N", h.confidentiality().code());
        assertEquals("fr-FR", h.languageCode());
        assertEquals(1, h.versionNumber());
        CdaAuthor a = h.authors().get(0);
        assertEquals(new Ii("1.2.250.1.71.4.2.1", "801234534765"), a.id());
        assertEquals("CAMPARINI", a.name().family());
        assertEquals("G15_10/SM03", a.specialty().code());
        assertEquals("Laboratoire des charmes", a.organization().name());
        assertEquals("SA25", h.healthcareFacility().code());
        assertEquals("20210104092200+0100", h.serviceStartTime());
        assertNotNull(h.legalAuthenticator());
        assertFalse(h.selfPresenting());
    }

    @Test
    void selfPresentingDocumentIsReadThroughItsStylesheetRoot() throws Exception {
        CdaHeader h = reader.read(CdaExamples.example("BIO-CR-BIO_2021.01_Auto-Presentable.xml"));
        assertTrue(h.selfPresenting());
        assertEquals(CdaLevel.N3, h.level());
        assertTrue(h.hasTemplate("1.2.250.1.213.1.1.1.55"));
    }

    @Test
    void dtdIsRefusedAndExternalEntityNeverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><id root=\"&e;\"/></ClinicalDocument>";
        CdaMetadataException ex = assertThrows(CdaMetadataException.class,
                () -> reader.read(xxe.getBytes(StandardCharsets.UTF_8)));
        assertEquals(CdaMetadataFailure.DTD_FORBIDDEN, ex.failure());
        assertFalse(ex.getMessage().contains("root:"), "must not leak file content");
    }

    @Test
    void malformedXmlSaysWhere() {
        CdaMetadataException ex = assertThrows(CdaMetadataException.class,
                () -> reader.read("<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n<id root=\"1\">".getBytes(StandardCharsets.UTF_8)));
        assertEquals(CdaMetadataFailure.MALFORMED_XML, ex.failure());
        assertTrue(ex.getMessage().contains("line 2"), ex.getMessage());
    }

    @Test
    void oversizedFileIsRefusedBeforeReading(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.xml");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(CdaHeaderReader.MAX_BYTES + 1); // sparse: nothing is written
        }
        CdaMetadataException ex = assertThrows(CdaMetadataException.class, () -> reader.read(big));
        assertEquals(CdaMetadataFailure.TOO_LARGE, ex.failure());
        assertTrue(ex.getMessage().contains("big.xml"), ex.getMessage());
    }

    @Test
    void otherXmlIsNotACda() {
        CdaMetadataException ex = assertThrows(CdaMetadataException.class,
                () -> reader.read("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(CdaMetadataFailure.NOT_A_CDA, ex.failure());
        assertTrue(ex.getMessage().contains("html"));
    }

    /** Independent reading with XPath, not the reader's DOM walk. */
    record XPathCheck(Document doc, XPath xpath) {
        static XPathCheck of(Path file) throws Exception {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new XPathCheck(f.newDocumentBuilder().parse(file.toFile()), XPathFactory.newInstance().newXPath());
        }

        String eval(String expression) throws Exception {
            return xpath.evaluate(expression, doc);
        }
    }
}
