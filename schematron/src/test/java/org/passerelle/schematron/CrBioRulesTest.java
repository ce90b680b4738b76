package org.passerelle.schematron;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.passerelle.schematron.Verdicts.assertAbsent;
import static org.passerelle.schematron.Verdicts.assertError;
import static org.passerelle.schematron.Verdicts.assertFinding;
import static org.passerelle.schematron.Verdicts.assertNoError;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.schematron.Examples.Example;
import org.passerelle.schematron.SchematronHarness.Finding;
import org.passerelle.testsupport.SharedFolder;
import org.w3c.dom.Document;

/** cr-bio.sch on the ANS CR-BIO examples accepted by StrucMin, and on mutated copies of them. */
class CrBioRulesTest {

    private static final String SCH = "cr-bio.sch";
    private static final String LAB_OBS = "//cda:observation[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1.6']";
    private static final String FIRST_PQ = "(" + LAB_OBS + "/cda:value[@xsi:type='PQ'])[1]";

    private static final String BASELINE = "BIO-CR-BIO_2024.01_Electrophorese.xml";

    private Document doc;

    static List<Example> crBioExamples() { return Examples.crBioAcceptedByStrucMin(); }

    @ParameterizedTest
    @MethodSource("crBioExamples")
    void crBioExamplesHaveNoError(Example example) {
        assertNoError(SchematronHarness.validate(SCH, example.path()), example.file());
    }

    @Test
    void thereAreCrBioExamplesToCheck() {
        assertTrue(crBioExamples().size() >= 10, crBioExamples().toString());
    }

    @Test
    void resultWithOnlyALocalCodeIsAWarning() {
        List<Finding> findings = SchematronHarness.validate(SCH,
                SharedFolder.ciSis().resolve("examples/BIO-CR-BIO_2024.01_CRP_non_LOINC.xml"));
        assertFinding(findings, "PAS-BIO-022", "warning", "1.2.250.1.2.3.4");
        assertNoError(findings, "CRP_non_LOINC");
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

    @Test
    void resultWithoutLoincCodeIsRejected() {
        String code = "(" + LAB_OBS + ")[1]/cda:code";
        String loinc = ((org.w3c.dom.Attr) Dom.first(doc, code + "/@code")).getValue();
        Dom.setAttr(doc, code + "/@codeSystem", "1.2.250.1.213.2.7");
        assertError(validate(), "PAS-BIO-021", loinc);
    }

    @Test
    void resultWithoutCodeIsRejected() {
        Dom.removeAll(doc, "(" + LAB_OBS + ")[1]/cda:code");
        assertError(validate(), "PAS-BIO-020", null);
    }

    @Test
    void loincResultWithoutDisplayNameIsRejected() {
        Dom.removeAll(doc, "(" + LAB_OBS + ")[1]/cda:code/@displayName");
        assertError(validate(), "PAS-BIO-023", null);
    }

    @Test
    void physicalQuantityWithoutUnitIsRejected() {
        String value = ((org.w3c.dom.Attr) Dom.first(doc, FIRST_PQ + "/@value")).getValue();
        Dom.removeAll(doc, FIRST_PQ + "/@unit");
        assertError(validate(), "PAS-BIO-030", value);
    }

    @Test
    void physicalQuantityWithNonNumericValueIsRejected() {
        Dom.setAttr(doc, FIRST_PQ + "/@value", "12,5");
        assertError(validate(), "PAS-BIO-031", "12,5");
    }

    @ParameterizedTest
    @CsvSource({"µg/L", "mg per L", "g//L", "mmol/", "10*/L", "{unclosed", "mL/min/1.73m2", "'g/L '", "' mg'"})
    void badUcumUnitIsRejected(String unit) {
        Dom.setAttr(doc, FIRST_PQ + "/@unit", unit);
        assertError(validate(), "PAS-BIO-034", unit);
    }

    @ParameterizedTest
    @CsvSource({"g/L", "ug/mL", "mmol/L", "10*9/L", "10^12/L", "[IU]/L", "m[IU]/L", "%", "{ratio}", "/uL", "1",
            "mm[Hg]", "kg/m2", "mL/min/{1.73_m2}", "umol/(24.h)", "s-1", "[pH]", "meq/L"})
    void validUcumUnitIsAccepted(String unit) {
        Dom.setAttr(doc, FIRST_PQ + "/@unit", unit);
        assertAbsent(validate(), "PAS-BIO-034");
    }

    @Test
    void referenceRangeBoundWithoutUnitIsRejected() {
        doc = Examples.copyOf("BIO-CR-BIO_2024.01_CRP_non_LOINC.xml");
        Dom.removeAll(doc, "(" + LAB_OBS + "/cda:referenceRange/cda:observationRange/cda:value/cda:high)[1]/@unit");
        List<Finding> findings = validate();
        assertError(findings, "PAS-BIO-036", "IVL_PQ");
        assertAbsent(findings, "PAS-BIO-032");
    }

    @Test
    void intervalResultBoundWithoutUnitIsRejected() {
        doc = Examples.copyOf("BIO-CR-BIO_2024.01_CRP_non_LOINC.xml");
        Dom.removeAll(doc, "(" + LAB_OBS + "/cda:value[@xsi:type='IVL_PQ'])[1]/*/@unit");
        List<Finding> findings = validate();
        assertError(findings, "PAS-BIO-032", "IVL_PQ");
        assertAbsent(findings, "PAS-BIO-036");
    }

    @Test
    void reportEntryWithoutSpecimenCollectionIsAnInfo() {
        String entry = "(//cda:entry[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1'][.//cda:procedure[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1.2']])[1]";
        long before = validate().stream().filter(f -> f.id().equals("PAS-BIO-019")).count();
        Dom.removeAll(doc, entry + "//cda:procedure[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1.2']");
        List<Finding> findings = validate();
        org.junit.jupiter.api.Assertions.assertEquals(before + 1, findings.stream().filter(f -> f.id().equals("PAS-BIO-019")).count());
        assertFinding(findings, "PAS-BIO-019", "info", "no specimen collection");
    }

    @Test
    void resultStatusMustBeFinalOrActive() {
        Dom.setAttr(doc, "(" + LAB_OBS + ")[1]/cda:statusCode/@code", "new");
        assertError(validate(), "PAS-BIO-024", "new");
    }

    @Test
    void specimenCollectionNeedsTheSpecimen() {
        String proc = "(//cda:procedure[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1.2'])[1]";
        Dom.removeAll(doc, proc + "/cda:participant[@typeCode='PRD']");
        List<Finding> findings = validate();
        assertError(findings, "PAS-BIO-050", null);
        assertError(findings, "PAS-BIO-051", null);
    }

    @Test
    void batteryStatusIsChecked() {
        Dom.setAttr(doc, "(//cda:organizer[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1.4'])[1]/cda:statusCode/@code", "held");
        assertError(validate(), "PAS-BIO-041", "held");
    }

    @Test
    void reportEntryNeedsItsActAndStatus() {
        String entry = "(//cda:entry[cda:templateId/@root='1.3.6.1.4.1.19376.1.3.1'])[1]";
        Dom.setAttr(doc, entry + "/cda:act/cda:statusCode/@code", "suspended");
        Dom.removeAll(doc, entry + "/@typeCode");
        List<Finding> findings = validate();
        assertError(findings, "PAS-BIO-016", "suspended");
        assertError(findings, "PAS-BIO-014", null);
    }

    @Test
    void documentLevelRequirements() {
        Dom.removeAll(doc, "/cda:ClinicalDocument/cda:templateId[@root='1.3.6.1.4.1.19376.1.3.3']");
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:code/@code", "11488-4");
        List<Finding> findings = validate();
        assertError(findings, "PAS-BIO-001", "1.2.250.1.213.1.1.1.55");
        assertError(findings, "PAS-BIO-002", "11488-4");
    }

    @Test
    void unknownTopLevelSectionIsRejected() {
        String section = "(/cda:ClinicalDocument/cda:component/cda:structuredBody/cda:component/cda:section)[1]";
        Dom.removeAll(doc, section + "/cda:templateId[position() > 1]");
        Dom.setAttr(doc, section + "/cda:templateId/@root", "1.2.3.4.5.6");
        assertError(validate(), "PAS-BIO-010", "1.2.3.4.5.6");
    }
}
