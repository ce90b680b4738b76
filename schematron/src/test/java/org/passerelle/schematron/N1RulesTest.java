package org.passerelle.schematron;

import static org.passerelle.schematron.Verdicts.assertAbsent;
import static org.passerelle.schematron.Verdicts.assertError;
import static org.passerelle.schematron.Verdicts.assertNoError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.schematron.Examples.Example;
import org.passerelle.schematron.SchematronHarness.Finding;
import org.passerelle.testsupport.SharedFolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** n1.sch on the ANS level-1 examples accepted by StrucMin, and on mutated copies of them. */
class N1RulesTest {

    private static final String SCH = "n1.sch";
    private static final String TEXT = "/cda:ClinicalDocument/cda:component/cda:nonXMLBody/cda:text";

    private static final String BASELINE = "DOC_NON_STRUCTURE_CDA-R2-N1.xml";

    private Document doc;

    static List<Example> n1Examples() { return Examples.n1AcceptedByStrucMin(); }

    @ParameterizedTest
    @MethodSource("n1Examples")
    void n1ExamplesHaveNoError(Example example) {
        assertNoError(SchematronHarness.validate(SCH, example.path()), example.file());
        assertNoError(SchematronHarness.validate("entete.sch", example.path()), example.file());
    }

    @Test
    void thereAreN1ExamplesToCheck() {
        org.junit.jupiter.api.Assertions.assertTrue(n1Examples().size() >= 3, n1Examples().toString());
    }

    @BeforeEach
    void copyValidDocument() {
        doc = Examples.copyOf(BASELINE);
    }

    @Test
    void baselineDocumentHasNoError() {
        assertNoError(validate(), BASELINE);
    }

    private List<Finding> validate() { return SchematronHarness.validate(SCH, doc); }

    private static String b64(String s) { return Base64.getMimeEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void emptyBodyIsRejected() {
        Dom.setText(doc, TEXT, "\n   \n");
        List<Finding> findings = validate();
        assertError(findings, "PAS-N1-013", null);
        assertAbsent(findings, "PAS-N1-015");
    }

    @Test
    void nonPdfContentDeclaredAsPdfIsRejected() {
        Dom.setText(doc, TEXT, b64("Compte rendu en texte brut, pas un PDF."));
        assertError(validate(), "PAS-N1-015", "Q29tcHRl");
    }

    @Test
    void plainTextDeclaredAsTextPlainIsAccepted() {
        Dom.setText(doc, TEXT, b64("Compte rendu en texte brut."));
        Dom.setAttr(doc, TEXT + "/@mediaType", "text/plain");
        assertNoError(validate(), "text/plain body");
    }

    @Test
    void pdfDeclaredAsJpegIsRejected() {
        Dom.setAttr(doc, TEXT + "/@mediaType", "image/jpeg");
        assertError(validate(), "PAS-N1-016", "JVBERi0");
    }

    @Test
    void unsupportedMediaTypeIsRejected() {
        Dom.setAttr(doc, TEXT + "/@mediaType", "application/msword");
        assertError(validate(), "PAS-N1-011", "application/msword");
    }

    @Test
    void representationMustBeBase64() {
        Dom.setAttr(doc, TEXT + "/@representation", "TXT");
        assertError(validate(), "PAS-N1-012", "TXT");
    }

    @Test
    void invalidBase64IsRejected() {
        Dom.setText(doc, TEXT, "JVBERi0xLjQ%%notbase64");
        assertError(validate(), "PAS-N1-014", "JVBERi0xLjQ");
        Dom.setText(doc, TEXT, "JVBERi0x==LjQ");
        assertError(validate(), "PAS-N1-014", null);
    }

    @Test
    void referencedInsteadOfEmbeddedIsRejected() {
        Element text = (Element) Dom.first(doc, TEXT);
        Dom.setText(doc, TEXT, "");
        Dom.addChild(text, "reference").setAttribute("value", "http://example.org/cr.pdf");
        assertError(validate(), "PAS-N1-019", "http://example.org/cr.pdf");
    }

    @Test
    void nonXmlBodyWithoutXdsSdTemplateIsRejected() {
        Dom.removeAll(doc, "/cda:ClinicalDocument/cda:templateId[@root='1.3.6.1.4.1.19376.1.2.20']");
        assertError(validate(), "PAS-N1-001", "1.2.250.1.213.1.1.1.1");
    }

    @Test
    void structuredDocumentClaimingXdsSdIsRejected() {
        doc = SchematronHarness.parseDom(SharedFolder.ciSis().resolve("examples/BIO-CR-BIO_2024.01_TSH_1.xml"));
        assertNoError(validate(), "N3 document has nothing to check in n1.sch");
        Element root = doc.getDocumentElement();
        Element tpl = doc.createElementNS(Dom.CDA, "templateId");
        tpl.setAttribute("root", "1.3.6.1.4.1.19376.1.2.20");
        root.insertBefore(tpl, Dom.first(doc, "/cda:ClinicalDocument/cda:id"));
        assertError(validate(), "PAS-N1-002", "structuredBody");
    }
}
