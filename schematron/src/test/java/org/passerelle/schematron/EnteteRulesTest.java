package org.passerelle.schematron;

import static org.passerelle.schematron.Verdicts.assertAbsent;
import static org.passerelle.schematron.Verdicts.assertError;
import static org.passerelle.schematron.Verdicts.assertFinding;
import static org.passerelle.schematron.Verdicts.assertNoError;

import java.nio.file.Path;
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

/** entete.sch on the ANS examples accepted by the official StrucMin, and on mutated copies of them. */
class EnteteRulesTest {

    private static final String SCH = "entete.sch";
    private static final String INS = "/cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:id[@root='1.2.250.1.213.1.4.10']";
    private static final String AUTHOR_ID = "/cda:ClinicalDocument/cda:author[1]/cda:assignedAuthor/cda:id";

    private static final String BASELINE = "BIO-CR-BIO_2024.01_TSH_1.xml";

    private Document doc;

    static List<Example> accepted() { return Examples.acceptedByStrucMin(); }

    @ParameterizedTest
    @MethodSource("accepted")
    void examplesAcceptedByStrucMinHaveNoHeaderError(Example example) {
        assertNoError(SchematronHarness.validate(SCH, example.path()), example.file());
    }

    @BeforeEach
    void copyValidDocument() {
        doc = Examples.copyOf(BASELINE);
    }

    @Test
    void baselineDocumentHasNoError() {
        assertNoError(validate(), BASELINE);
    }

    private static Path example(String name) { return SharedFolder.ciSis().resolve("examples").resolve(name); }

    private List<Finding> validate() { return SchematronHarness.validate(SCH, doc); }

    @Test
    void insWithUnknownRootIsNotAnIns() {
        Dom.setAttr(doc, INS + "/@root", "1.2.250.1.213.1.4.2");
        List<Finding> findings = validate();
        assertError(findings, "PAS-ENT-050", "1.2.250.1.213.1.4.2");
        assertFinding(findings, "PAS-ENT-063", "warning", "1.2.250.1.213.1.4.2");
    }

    @Test
    void insMatriculeOf14CharactersIsRejected() {
        Dom.setAttr(doc, INS + "/@extension", "27903512151898");
        List<Finding> findings = validate();
        assertError(findings, "PAS-ENT-060", "27903512151898");
        assertAbsent(findings, "PAS-ENT-050");
    }

    @Test
    void insMatriculeWithLettersIsRejected() {
        Dom.setAttr(doc, INS + "/@extension", "2790351215X8989");
        assertError(validate(), "PAS-ENT-061", "2790351215X8989");
    }

    @Test
    void nirKeyIsChecked() {
        // 1 84 12 2A 123 456 + key: the Corsican department 2A is read as 19 for the key
        long expectedKey = 97 - (1841219123456L % 97);
        String wrongKey = String.format("%02d", (expectedKey + 1) % 100);
        Dom.setAttr(doc, INS + "/@extension", "184122A123456" + wrongKey);
        Dom.setAttr(doc, INS + "/@root", "1.2.250.1.213.1.4.8");
        Finding f = assertFinding(validate(), "PAS-ENT-062", "warning", "184122A123456" + wrongKey);
        org.junit.jupiter.api.Assertions.assertTrue(f.text().contains(String.format("expected '%02d'", expectedKey)), f.text());

        String nir = "/cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:id[@root='1.2.250.1.213.1.4.8']";
        Dom.setAttr(doc, nir + "/@extension", "184122A123456" + String.format("%02d", expectedKey));
        assertAbsent(validate(), "PAS-ENT-062");
    }

    @Test
    void twoInsAreRejected() {
        Element patientRole = (Element) Dom.first(doc, "/cda:ClinicalDocument/cda:recordTarget/cda:patientRole");
        Element second = Dom.addChild(patientRole, "id");
        second.setAttribute("root", "1.2.250.1.213.1.4.8");
        second.setAttribute("extension", "279035121518989");
        assertError(validate(), "PAS-ENT-051", "2");
    }

    @Test
    void authorWithoutIdIsRejected() {
        Dom.removeAll(doc, AUTHOR_ID);
        List<Finding> findings = validate();
        assertError(findings, "PAS-ENT-081", null);
        assertError(findings, "PAS-ENT-083", null);
    }

    @Test
    void authorWithoutNationalIdentifierIsRejected() {
        Dom.setAttr(doc, AUTHOR_ID + "/@root", "1.2.3.4.5");
        assertError(validate(), "PAS-ENT-083", "1.2.3.4.5");
    }

    @Test
    void nationalIdentifierWithUnknownPrefixIsRejected() {
        Dom.setAttr(doc, AUTHOR_ID + "/@extension", "701234534765");
        assertError(validate(), "PAS-ENT-084", "701234534765");
    }

    @Test
    void rppsOfWrongLengthIsAWarning() {
        Dom.setAttr(doc, AUTHOR_ID + "/@extension", "8012345");
        List<Finding> findings = validate();
        assertFinding(findings, "PAS-ENT-085", "warning", "8012345");
        assertNoError(findings, "a warning only");
    }

    @Test
    void effectiveTimeWithoutTimezoneIsRejected() {
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:effectiveTime/@value", "20210401171000");
        assertError(validate(), "PAS-ENT-030", "20210401171000");
    }

    @Test
    void effectiveTimeOnlyToTheDayIsRejected() {
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:effectiveTime/@value", "20210401+0100");
        assertError(validate(), "PAS-ENT-030", "20210401+0100");
    }

    @Test
    void effectiveTimeToTheMinuteIsAccepted() {
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:effectiveTime/@value", "202104011710+0200");
        assertAbsent(validate(), "PAS-ENT-030");
    }

    @Test
    void realmTypeIdAndGenericTemplateAreRequired() {
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:realmCode/@code", "DE");
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:typeId/@extension", "POCD_HD000041");
        Dom.removeAll(doc, "/cda:ClinicalDocument/cda:templateId[@root='1.2.250.1.213.1.1.1.1']");
        List<Finding> findings = validate();
        assertError(findings, "PAS-ENT-001", "DE");
        assertError(findings, "PAS-ENT-002", "POCD_HD000041");
        assertError(findings, "PAS-ENT-003", "1.2.250.1.213.1.1.1.55");
    }

    @Test
    void documentCodeOutsideJdvJ07CodeSystemsIsRejected() {
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:code/@codeSystem", "2.16.840.1.113883.6.96");
        assertError(validate(), "PAS-ENT-008", "2.16.840.1.113883.6.96");
    }

    @Test
    void malformedLoincDocumentCodeIsRejected() {
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:code/@code", "11502");
        assertError(validate(), "PAS-ENT-022", "11502");
    }

    @Test
    void confidentialityLanguageVersionAndSetIdAreChecked() {
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:confidentialityCode/@code", "X");
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:languageCode/@code", "french");
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:versionNumber/@value", "0");
        Dom.removeAll(doc, "/cda:ClinicalDocument/cda:setId");
        List<Finding> findings = validate();
        assertError(findings, "PAS-ENT-011", "'X'");
        assertError(findings, "PAS-ENT-012", "french");
        assertError(findings, "PAS-ENT-014", "'0'");
        assertError(findings, "PAS-ENT-013", null);
    }

    @Test
    void newVersionShouldNameTheReplacedDocument() {
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:versionNumber/@value", "3");
        List<Finding> findings = validate();
        assertFinding(findings, "PAS-ENT-024", "warning", "version 3");
        assertNoError(findings, "a warning only");
    }

    @Test
    void documentCannotReplaceItself() {
        Document related = Examples.copyOf("IPS-FR_2024.01.xml");
        assertAbsent(SchematronHarness.validate(SCH, related), "PAS-ENT-024");
        String ownRoot = ((org.w3c.dom.Attr) Dom.first(related, "/cda:ClinicalDocument/cda:id/@root")).getValue();
        Dom.setAttr(related, "/cda:ClinicalDocument/cda:relatedDocument/cda:parentDocument/cda:id/@root", ownRoot);
        assertError(SchematronHarness.validate(SCH, related), "PAS-ENT-025", ownRoot);
    }

    @Test
    void patientTraitsAreChecked() {
        String patient = "/cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:patient";
        Dom.removeAll(doc, patient + "/cda:name/cda:given");
        Dom.setAttr(doc, patient + "/cda:administrativeGenderCode/@code", "X");
        Dom.setAttr(doc, patient + "/cda:birthTime/@value", "1979");
        List<Finding> findings = validate();
        assertError(findings, "PAS-ENT-054", null);
        assertError(findings, "PAS-ENT-056", "'X'");
        assertError(findings, "PAS-ENT-057", "1979");
    }

    @Test
    void custodianLegalAuthenticatorAndEncounterAreRequired() {
        Dom.removeAll(doc, "/cda:ClinicalDocument/cda:custodian//cda:id");
        Dom.setAttr(doc, "/cda:ClinicalDocument/cda:legalAuthenticator/cda:signatureCode/@code", "X");
        Dom.removeAll(doc, "/cda:ClinicalDocument/cda:componentOf/cda:encompassingEncounter/cda:location");
        List<Finding> findings = validate();
        assertError(findings, "PAS-ENT-100", null);
        assertError(findings, "PAS-ENT-106", "'X'");
        assertError(findings, "PAS-ENT-131", null);
    }

    @Test
    void missingTopLevelParticipantsAreRejected() {
        Dom.removeAll(doc, "/cda:ClinicalDocument/cda:author");
        Dom.removeAll(doc, "/cda:ClinicalDocument/cda:legalAuthenticator");
        Dom.removeAll(doc, "/cda:ClinicalDocument/cda:documentationOf");
        List<Finding> findings = validate();
        assertError(findings, "PAS-ENT-016", null);
        assertError(findings, "PAS-ENT-018", "0");
        assertError(findings, "PAS-ENT-019", null);
    }

    @Test
    void clinicalDocumentEmbeddedInASelfPresentingFileIsChecked() {
        doc = SchematronHarness.parseDom(example("BIO-CR-BIO_2021.01_Auto-Presentable.xml"));
        assertNoError(validate(), "baseline");
        Dom.setAttr(doc, "//cda:ClinicalDocument/cda:recordTarget/cda:patientRole/cda:id[@root='1.2.250.1.213.1.4.10']/@extension", "1234");
        assertError(validate(), "PAS-ENT-060", "1234");
    }
}
