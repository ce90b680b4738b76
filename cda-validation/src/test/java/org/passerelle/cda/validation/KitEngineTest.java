package org.passerelle.cda.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Kit mode beyond the reference examples: unknown volets, kit defects named, rule documents shared. */
class KitEngineTest {

    @Test
    void unknownVoletStillRunsTheProfilesAndSaysSo() throws Exception {
        String xml = Files.readString(KitExamples.kit().resolve("examples/ANEST-CR-CPA_2022.01.xml"), StandardCharsets.UTF_8);
        String mutated = xml.replace("root=\"1.2.250.1.213.1.1.1.41\"", "root=\"1.2.250.1.213.1.1.1.999\"");
        assertTrue(!mutated.equals(xml), "mutation applied");
        ValidationReport r = KitExamples.validator().validate(mutated.getBytes(StandardCharsets.UTF_8), "unknown-volet.xml");
        assertEquals(Level.N3, r.level());
        assertTrue(r.findings().stream().anyMatch(f -> CdaFailure.UNKNOWN_VOLET.code().equals(f.ruleId())
                && f.severity() == Severity.WARNING && f.message().contains("1.2.250.1.213.1.1.1.999")), r.findings()::toString);
        for (String profile : CdaValidator.KIT_PROFILES.keySet()) {
            assertTrue(r.ruleSets().contains("schematron:" + profile), profile);
        }
        assertTrue(r.ruleSets().stream().noneMatch(s -> s.startsWith("schematron:CI-SIS_")), r.ruleSets()::toString);
    }

    @Test
    void caseMismatchedIncludeIsResolvedAndNamed() {
        // CI-SIS_CNAM-HR_2021.01.sch names .../Sections/... ; the folder on disk is sections/
        ValidationReport r = KitExamples.validator().validate(KitExamples.kit().resolve("examples/CNAM-HR_2021.01.xml"));
        assertTrue(r.findingsOf("kit").stream().anyMatch(f -> f.ruleId().equals(CdaFailure.KIT_CASE_MISMATCH.code())
                && f.message().contains("CNAM-HR_2021.01/Sections/")), r.findingsOf("kit")::toString);
        assertTrue(r.findingsOf("schematron:CI-SIS_CNAM-HR_2021.01").stream()
                .noneMatch(f -> f.ruleId() != null && f.ruleId().equals(CdaFailure.RULESET_FAILED.code())));
    }

    @Test
    void valueSetsAreParsedOncePerProcess() {
        CdaValidator v = KitExamples.validator();
        v.validate(KitExamples.kit().resolve("examples/OBP-SAP_2024.01.xml"));
        int after = v.sharedDocumentCount();
        assertTrue(after > 0);
        v.validate(KitExamples.kit().resolve("examples/OBP-SAP_2024.01.xml"));
        assertEquals(after, v.sharedDocumentCount(), "a second run reads no rule document again");
    }
}
