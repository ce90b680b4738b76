package org.passerelle.schematron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.passerelle.schematron.Verdicts.assertError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.passerelle.schematron.SchematronHarness.Finding;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Malformed-but-well-formed input must give findings, never a dynamic XPath error that would stop the engine
 * (e.g. a function given two nodes where the rule expected one).
 */
class RobustnessTest {

    @TempDir Path tmp;

    private static Document hostileCrBio() {
        Document doc = Examples.copyOf("BIO-CR-BIO_2024.01_Electrophorese.xml");
        Element root = doc.getDocumentElement();
        for (String xpath : List.of("/cda:ClinicalDocument/cda:title", "/cda:ClinicalDocument/cda:code",
                "/cda:ClinicalDocument/cda:component", "/cda:ClinicalDocument/cda:typeId",
                "/cda:ClinicalDocument/cda:versionNumber",
                "/cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:patient/cda:birthTime",
                "(//cda:section[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.3.2.1'])[1]/cda:title",
                "(//cda:observation[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1.6'])[1]/cda:code",
                "(//cda:observation[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1.6'])[1]/cda:statusCode")) {
            Node n = Dom.first(doc, xpath);
            n.getParentNode().insertBefore(n.cloneNode(true), n);
        }
        // xsi:type with a prefix that is not declared, and an empty one
        List<Node> values = Dom.select(doc, "//cda:observation[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1.6']/cda:value");
        ((Element) values.get(0)).setAttributeNS(Dom.XSI, "xsi:type", "undeclared:PQ");
        ((Element) values.get(1)).setAttributeNS(Dom.XSI, "xsi:type", "");
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:id[@root='1.2.250.1.213.1.4.10']/@extension", "2A2B2A2B2A2B2A2");
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:versionNumber[1]/@value", "2");
        // the section with two titles also loses its code, so the message quoting the title is evaluated
        Dom.removeAll(doc, "(//cda:section[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.3.2.1'])[1]/cda:code");
        root.setAttribute("classCode", "DOCCLIN");
        return doc;
    }

    @ParameterizedTest
    @ValueSource(strings = {"entete.sch", "n1.sch", "cr-bio.sch"})
    void duplicatedElementsGiveFindingsNotEngineErrors(String sch) {
        List<Finding> findings = SchematronHarness.validate(sch, hostileCrBio());
        if (sch.equals("entete.sch")) {
            assertError(findings, "PAS-ENT-021", "2");
            assertError(findings, "PAS-ENT-061", "2A2B2A2B2A2B2A2");
        }
        if (sch.equals("cr-bio.sch")) {
            assertError(findings, "PAS-BIO-011", "section '");
        }
    }

    @Test
    void aDocumentThatIsNotCdaIsReportedOnce() throws IOException {
        Path file = tmp.resolve("not-cda.xml");
        Files.writeString(file, "<order xmlns=\"urn:example:orders\"><id>1</id></order>");
        List<Finding> findings = SchematronHarness.validate("entete.sch", file);
        assertEquals(List.of("PAS-ENT-023"), SchematronHarness.ids(findings));
        assertError(findings, "PAS-ENT-023", "urn:example:orders");
        assertEquals(List.of(), SchematronHarness.validate("n1.sch", file));
        assertEquals(List.of(), SchematronHarness.validate("cr-bio.sch", file));
    }

    @Test
    void birthTimeWithTrailingGarbageIsRejected() {
        Document doc = Examples.copyOf("BIO-CR-BIO_2024.01_TSH_1.xml");
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:patient/cda:birthTime/@value", "19790328xyz");
        assertError(SchematronHarness.validate("entete.sch", doc), "PAS-ENT-057", "19790328xyz");
    }
}
