package org.passerelle.cda.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.passerelle.testsupport.SharedFolder;

/** The embedded default rule set (module schematron) runs with no kit, on the shared examples. */
class EmbeddedDefaultTest {
    static CdaValidator validator;

    @BeforeAll
    static void build() {
        validator = CdaValidator.embeddedDefault();
    }

    static Path example(String name) {
        return SharedFolder.ciSis().resolve("examples").resolve(name);
    }

    @Test
    void n1DocumentGetsHeaderAndN1RulesAndSaysTheXsdWasSkipped() {
        ValidationReport r = validator.validate(example("DOC_NON_STRUCTURE_CDA-R2-N1.xml"));
        assertEquals(Level.N1, r.level());
        assertTrue(r.ruleSets().contains("schematron:entete"), r.ruleSets()::toString);
        assertTrue(r.ruleSets().contains("schematron:n1"), r.ruleSets()::toString);
        assertFalse(r.ruleSets().contains("xsd"));
        Finding skipped = r.findingsOf("xsd").get(0);
        assertEquals(Severity.INFO, skipped.severity());
        assertTrue(skipped.message().contains("--kit") && skipped.message().contains("--xsd"), skipped.message());
        assertTrue(r.valid(), r.findings()::toString);
    }

    @Test
    void crBioDocumentGetsTheCrBioRules() {
        ValidationReport r = validator.validate(example("BIO-CR-BIO_2024.01_Electrophorese.xml"));
        assertEquals(Level.N3, r.level());
        assertEquals("1.2.250.1.213.1.1.1.55@2024.01", r.volet());
        assertTrue(r.ruleSets().contains("schematron:cr-bio"), r.ruleSets()::toString);
        assertFalse(r.ruleSets().contains("schematron:n1"));
    }

    @Test
    void brokenHeaderIsReportedWithLineAndLocation() throws Exception {
        String xml = Files.readString(example("DOC_NON_STRUCTURE_CDA-R2-N1.xml"), StandardCharsets.UTF_8);
        // drop the patient's identifiers (INS) from the header
        String broken = xml.replaceAll("(?s)(<patientRole[^>]*>).*?(<addr|<patient)", "$1$2");
        assertFalse(broken.equals(xml), "mutation applied");
        ValidationReport r = validator.validate(broken.getBytes(StandardCharsets.UTF_8), "no-ins.xml");
        List<Finding> errors = r.findingsOf("schematron:entete").stream().filter(f -> f.severity() == Severity.ERROR).toList();
        assertFalse(errors.isEmpty(), r.findings()::toString);
        Finding f = errors.get(0);
        assertNotNull(f.ruleId());
        assertNotNull(f.line(), f::toString);
        assertTrue(f.location().startsWith("/ClinicalDocument"), f::toString);
    }

    @Test
    void selfPresentingDocumentIsExtracted() {
        ValidationReport r = validator.validate(example("CANCER-PPS_2022.01_Autopresentable.xml"));
        assertEquals(Level.N3, r.level());
        assertEquals("1.2.250.1.213.1.1.1.26@2022.01", r.volet());
        assertTrue(r.findings().stream().noneMatch(f -> f.layer().equals("xml")), r.findings()::toString);
    }

    @Test
    void xsdLayerRunsWhenAnXsdFolderIsGiven() {
        CdaValidator withXsd = CdaValidator.builder().xsd(SharedFolder.ciSis()).build();
        ValidationReport r = withXsd.validate(example("DOC_NON_STRUCTURE_CDA-R2-N1.xml"));
        assertTrue(r.ruleSets().contains("xsd"));
        assertTrue(r.findingsOf("xsd").isEmpty(), r.findings()::toString);
        ValidationReport bad = withXsd.validate(("<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n<bogus/>\n</ClinicalDocument>")
                .getBytes(StandardCharsets.UTF_8), "bogus.xml");
        Finding x = bad.findingsOf("xsd").get(0);
        assertEquals(Severity.ERROR, x.severity());
        assertEquals(2, x.line());
        assertTrue(x.ruleId().startsWith("cvc-"), x::toString);
    }

    @Test
    void veryLongTextNodeIsCutForTheSchematronLayersAndSaysSo() throws Exception {
        String xml = Files.readString(example("DOC_NON_STRUCTURE_CDA-R2-N1.xml"), StandardCharsets.UTF_8);
        int open = xml.indexOf('>', xml.indexOf("<text", xml.indexOf("nonXMLBody"))) + 1;
        int close = xml.indexOf("</text>", open);
        String pdfHead = xml.substring(open, Math.min(close, open + 76));
        StringBuilder b = new StringBuilder(xml.length() + 9_000_000).append(xml, 0, open).append(pdfHead);
        while (b.length() < open + 9_000_000) {
            b.append("\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB");
        }
        b.append(xml, close, xml.length());
        CdaValidator big = CdaValidator.builder().maxBytes(32L * 1024 * 1024).build();
        ValidationReport r = big.validate(b.toString().getBytes(StandardCharsets.UTF_8), "long-text.xml");
        Finding cut = r.findingsOf("xml").stream().filter(f -> f.ruleId().equals(CdaFailure.TEXT_TRUNCATED.code()))
                .findFirst().orElseThrow(() -> new AssertionError(r.findings().toString()));
        assertEquals(Severity.INFO, cut.severity());
        assertNotNull(cut.line());
        assertEquals(Level.N1, r.level());
        assertTrue(r.ruleSets().contains("schematron:n1"));
    }

    @Test
    void parallelValidationGivesTheSameReportsAsSequential() throws Exception {
        List<Path> files;
        try (var s = Files.list(SharedFolder.ciSis().resolve("examples"))) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().limit(24).toList();
        }
        Map<Path, ValidationReport> sequential = new TreeMap<>();
        for (Path f : files) {
            sequential.put(f, validator.validate(f));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ValidationReport>> fs = new ArrayList<>();
            for (Path f : files) {
                fs.add(pool.submit(() -> validator.validate(f)));
            }
            for (int i = 0; i < files.size(); i++) {
                assertEquals(sequential.get(files.get(i)), fs.get(i).get(), files.get(i).toString());
            }
        } finally {
            pool.shutdown();
        }
    }
}
