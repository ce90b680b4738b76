package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.conformance.plan.PlanModel.TestPlan;
import org.passerelle.conformance.plan.PlanModel.TestStep;
import org.passerelle.conformance.plan.TestKit;
import org.passerelle.conformance.plan.TestPlanParser;
import org.passerelle.conformance.plan.TestPlanParser.PlanException;
import org.passerelle.conformance.plan.TransactionKind;
import org.passerelle.testsupport.SharedFolder;

class TestPlanParserTest {

    @Test
    void everyIndexedSectionOfTheKitParses() throws Exception {
        TestKit kit = new TestKit(SharedFolder.nistTestkit());
        List<String> failures = new ArrayList<>();
        int steps = 0;
        for (String id : kit.testIds()) {
            TestKit.KitTest t = kit.load(id);
            for (String section : t.sections()) {
                try {
                    TestPlan plan = new TestPlanParser().parse(id, section, t.dir().resolve(section).resolve("testplan.xml"));
                    steps += plan.steps().size();
                } catch (PlanException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(66, kit.testIds().size());
        assertTrue(steps >= 200, "the kit has more than 200 indexed steps, parsed " + steps);
    }

    @Test
    void stepDetailsAreRead() throws Exception {
        Path dir = SharedFolder.nistTestkit().resolve("tests/12021/retrieve");
        TestPlan plan = new TestPlanParser().parse("12021", "retrieve", dir.resolve("testplan.xml"));
        TestStep step = plan.steps().get(0);
        assertEquals("retrieve_double", step.id());
        assertEquals(TransactionKind.RETRIEVE, step.transaction().kind());
        assertEquals(2, step.transaction().useIds().size());
        assertEquals(3, step.transaction().useReports().size());
        assertEquals("../query", step.transaction().referenceMetadata().testdir());
        assertEquals(2, step.transaction().referenceDocuments().size());
        assertTrue(step.transaction().checkContents());

        TestPlan negative = new TestPlanParser().parse("11996", "submit",
                SharedFolder.nistTestkit().resolve("tests/11996/submit/testplan.xml"));
        TestStep s = negative.steps().get(0);
        assertEquals("Failure", s.expectedStatus());
        assertEquals(List.of("XDSUnknownPatientId"), s.expectedErrorMessages());
        assertTrue(s.newPatientId(), "step-level AltPatientId asks for a fresh unfed patient");
        assertFalse(s.transaction().assignUuids());
    }

    @Test
    void malformedPlansAreRejectedWithTheFileAndReason(@TempDir Path tmp) throws Exception {
        Path broken = tmp.resolve("testplan.xml");
        Files.writeString(broken, "<TestPlan><TestStep id='a'><ExpectedStatus>Success</ExpectedStatus>");
        PlanException e = assertThrows(PlanException.class, () -> new TestPlanParser().parse("t", "s", broken));
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());

        Files.writeString(broken, "<TestPlan><TestStep id='a'><ExpectedStatus>Maybe</ExpectedStatus></TestStep></TestPlan>");
        e = assertThrows(PlanException.class, () -> new TestPlanParser().parse("t", "s", broken));
        assertTrue(e.getMessage().contains("'Maybe'"), e.getMessage());

        Files.writeString(broken, "<TestPlan><TestStep id='a'><RegisterTransaction><XDSb/></RegisterTransaction></TestStep></TestPlan>");
        e = assertThrows(PlanException.class, () -> new TestPlanParser().parse("t", "s", broken));
        assertTrue(e.getMessage().contains("without MetadataFile") && e.getMessage().contains("step a"), e.getMessage());

        Files.writeString(broken, "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><TestPlan>&e;</TestPlan>");
        e = assertThrows(PlanException.class, () -> new TestPlanParser().parse("t", "s", broken));
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().contains("root:"), "no external entity is ever read");
    }
}
