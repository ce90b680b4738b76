package org.passerelle.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.conformance.report.ConsoleReport;
import org.passerelle.conformance.report.HtmlReport;
import org.passerelle.conformance.report.JUnitXmlReport;
import org.passerelle.conformance.run.ConformanceRunner;
import org.passerelle.conformance.run.Results.RunResult;
import org.passerelle.conformance.run.Results.StepResult;
import org.passerelle.conformance.run.Results.TestResult;
import org.passerelle.conformance.run.RunConfig;
import org.passerelle.testsupport.SharedFolder;
import org.w3c.dom.Document;

class RunnerTest {

    private static RunConfig config(Path kit, String endpoint, List<String> tests, String feedHost, int feedPort) {
        return new RunConfig(kit, endpoint, tests, RunConfig.DEFAULT_ASSIGNING_AUTHORITY, RunConfig.DEFAULT_SOURCE_ID,
                "1.2.3.4.5", feedHost, feedPort, null, Duration.ofSeconds(20), null);
    }

    @Test
    void feedThenProvideAndRegisterThenQueryWithLinkedSubmissionSetUid() throws Exception {
        try (StubXdsEndpoint stub = new StubXdsEndpoint()) {
            RunResult run = new ConformanceRunner(config(SharedFolder.nistTestkit(), stub.baseUrl(), List.of("11966"),
                    "127.0.0.1", stub.mllpPort()), null).run();
            List<String> ids = run.tests().stream().map(TestResult::id).toList();
            assertEquals(List.of("15817", "11966"), ids, "the register-patient feed runs first, as a fixture of 11966");
            for (TestResult t : run.tests()) assertTrue(t.passed(), t.id() + ": " + t.firstFailure());
            assertEquals(1, stub.fedPatients.size());
            String pnr = stub.requests.get(0);
            assertTrue(pnr.startsWith("multipart/related"), "ITI-41 goes as MTOM");
            assertTrue(pnr.contains("<xop:Include"), "document sent as an XOP include");
            assertTrue(pnr.contains("urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b"), "WS-Addressing action");
            assertTrue(pnr.contains(Files.readString(SharedFolder.nistTestkit().resolve("tests/11966/submit/my_document.txt")).trim()));
            assertFalse(pnr.contains("rim:xsd:2.1"), "metadata converted to ebRIM 3.0");
            String fed = stub.fedPatients.iterator().next();
            assertTrue(pnr.contains(fed.replace("&", "&amp;")), "submission carries the fed patient id");
            String query = stub.requests.get(1);
            assertFalse(query.contains("$ssuid$"), "UseId placeholder substituted");
            assertEquals("2 passed, 0 failed", lastLine(run));
        }
    }

    @Test
    void unreachableEndpointFailsTheStepWithItsNameAndTheRunGoesOn() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RunResult run = new ConformanceRunner(config(SharedFolder.nistTestkit(), "http://127.0.0.1:" + closedPort,
                List.of("11966", "11990"), null, -1), null).run();
        TestResult t11966 = run.tests().stream().filter(t -> t.id().equals("11966")).findFirst().orElseThrow();
        StepResult f = t11966.firstFailure();
        assertEquals("submit", f.section());
        assertEquals(ConformanceFailure.ENDPOINT_UNREACHABLE, f.failure());
        assertTrue(f.reason().contains("127.0.0.1:" + closedPort), f.reason());
        assertEquals("eval", t11966.steps().get(1).section());
        assertEquals(org.passerelle.conformance.run.Results.Outcome.SKIPPED, t11966.steps().get(1).outcome());
        assertTrue(run.tests().stream().anyMatch(t -> t.id().equals("11990")), "the next test still ran");
        StepResult feed = run.tests().get(0).firstFailure();
        assertEquals(ConformanceFailure.FEED_FAILED, feed.failure(), "no feed address given: " + feed.reason());
        assertTrue(lastLine(run).endsWith(run.tests().size() + " failed"), lastLine(run));
    }

    @Test
    void malformedPlanAndMissingFilesAreNamedAndTheRunGoesOn(@TempDir Path kit) throws Exception {
        Path a = Files.createDirectories(kit.resolve("tests/A/s1"));
        Files.writeString(kit.resolve("tests/A/index.idx"), "s1\n");
        Files.writeString(a.resolve("testplan.xml"), "<TestPlan><TestStep id='x'><StoredQueryTransaction>");
        Path b = Files.createDirectories(kit.resolve("tests/B/s1"));
        Files.writeString(kit.resolve("tests/B/index.idx"), "s1\n");
        Files.writeString(b.resolve("testplan.xml"), "<TestPlan><TestStep id='q'><ExpectedStatus>Success</ExpectedStatus>"
                + "<StoredQueryTransaction><XDSb/><MetadataFile>nowhere.xml</MetadataFile></StoredQueryTransaction></TestStep></TestPlan>");
        RunResult run = new ConformanceRunner(config(kit, "http://127.0.0.1:9", List.of(), null, -1), null).run();
        assertEquals(2, run.tests().size());
        StepResult fa = run.tests().get(0).firstFailure();
        assertEquals(ConformanceFailure.PLAN_MALFORMED, fa.failure());
        assertTrue(fa.reason().contains("A/s1"), fa.reason());
        StepResult fb = run.tests().get(1).firstFailure();
        assertEquals(ConformanceFailure.FILE_MISSING, fb.failure());
        assertTrue(fb.reason().contains("nowhere.xml") && fb.step().equals("q"), fb.reason());

        Document junit = JUnitXmlReport.build(run);
        assertEquals("2", junit.getDocumentElement().getAttribute("failures"));
        assertEquals(2, Xml.descendants(junit, "failure").size());
        String html = HtmlReport.build(run);
        assertTrue(html.contains("nowhere.xml") && html.contains("0 passed, 2 failed"));
        assertEquals("0 passed, 2 failed", lastLine(run));
    }

    static String lastLine(RunResult run) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ConsoleReport.write(run, new PrintStream(buf, true, StandardCharsets.UTF_8));
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertNotNull(lines);
        return lines.get(lines.size() - 1);
    }
}
