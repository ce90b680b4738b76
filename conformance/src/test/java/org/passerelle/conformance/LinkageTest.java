package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.passerelle.conformance.ConformanceFailure.StepException;
import org.passerelle.conformance.plan.PlanModel.UseId;
import org.passerelle.conformance.plan.PlanModel.UseReport;
import org.passerelle.conformance.run.Linkage;
import org.passerelle.conformance.run.StepLog;
import org.passerelle.testsupport.SharedFolder;

class LinkageTest {

    private final Linkage linkage = new Linkage(SharedFolder.nistTestkit().resolve("tests"));

    @Test
    void testdirIsResolvedFromTheSectionThenFromTheTestRoot() {
        assertArrayEquals(new String[] {"11966", "submit"}, linkage.locate("11966", "eval", "../submit"));
        assertArrayEquals(new String[] {"12346", "single_doc"}, linkage.locate("11897", "approved", "../../12346/single_doc"));
        assertArrayEquals(new String[] {"12021", "submit"}, linkage.locate("12021", "retrieve", "submit"),
                "12021 writes testdir from the test root");
        assertArrayEquals(new String[] {"11966", "eval"}, linkage.locate("11966", "eval", null));
    }

    @Test
    void useIdAndUseReportReadEarlierStepLogs() throws Exception {
        linkage.put(new StepLog("11966", "submit", "submit", Map.of("SubmissionSet01", "1.2.42.1"),
                Map.of("Document01", "urn:uuid:d"), "P1^^^&1.2&ISO", Map.of("ssuid", "1.2.42.1"), "RegisterTransaction", null, null));
        assertEquals("1.2.42.1", linkage.resolve("11966", "eval", new UseId("../submit", "AssignedUids", "submit", "SubmissionSet01", "$ssuid$")));
        assertEquals("urn:uuid:d", linkage.resolve("11966", "eval", new UseId("../submit", "AssignedUuids", "submit", "Document01", "$d$")));
        assertEquals("P1^^^&1.2&ISO", linkage.resolve("11966", "eval", new UseId("../submit", "AssignedPatientId", "submit", null, "$p$")));
        assertEquals("1.2.42.1", linkage.resolve("11966", "eval", new UseReport(null, "submit", "submit", "ssuid", "$ssuid$")));
        StepException e = assertThrows(StepException.class,
                () -> linkage.resolve("11966", "eval", new UseId("../submit", "AssignedUids", "other_step", "X", "$x$")));
        assertEquals(ConformanceFailure.LINKAGE_MISSING, e.failure());
        assertTrue(e.getMessage().contains("11966/submit step other_step"), e.getMessage());
        e = assertThrows(StepException.class,
                () -> linkage.resolve("11966", "eval", new UseReport("11966", "submit", "submit", "nope", "$n$")));
        assertTrue(e.getMessage().contains("report 'nope'"), e.getMessage());
    }

    @Test
    void longerSymbolsFirstAndXmlValuesEscaped() {
        Map<String, String> symbols = new LinkedHashMap<>();
        symbols.put("$uuid$", "A");
        symbols.put("$uuid1$", "B");
        assertEquals("B A", Linkage.substitute("$uuid1$ $uuid$", symbols));
        assertEquals("<v>P1^^^&amp;1.2&amp;ISO</v>", Linkage.substituteXml("<v>$patientid$</v>", Map.of("$patientid$", "P1^^^&1.2&ISO")));
    }
}
